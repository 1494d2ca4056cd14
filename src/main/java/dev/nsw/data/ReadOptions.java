package dev.nsw.data;

/**
 * How strictly to read a data file.
 *
 * @param lenient when true, bad lines are skipped and counted in {@link ReadReport} instead of failing
 *     the whole read; whole-file problems (missing, empty) still fail
 * @param maxLineChars longest line accepted, in characters; longer lines are bad input (a corpus line of
 *     megabytes is almost always a wrong delimiter or a binary file)
 */
public record ReadOptions(boolean lenient, int maxLineChars) {
    public static final int DEFAULT_MAX_LINE_CHARS = 100_000;
    public static final ReadOptions STRICT = new ReadOptions(false, DEFAULT_MAX_LINE_CHARS);
    public static final ReadOptions LENIENT = new ReadOptions(true, DEFAULT_MAX_LINE_CHARS);

    public ReadOptions {
        if (maxLineChars < 1) {
            throw new IllegalArgumentException("maxLineChars must be >= 1, got " + maxLineChars);
        }
    }

    public static ReadOptions of(boolean lenient) {
        return lenient ? LENIENT : STRICT;
    }
}
