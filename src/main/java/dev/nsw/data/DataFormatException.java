package dev.nsw.data;

import java.nio.file.Path;

/**
 * Bad input in a data file: names the file, the 1-based line (0 when the problem is the whole file) and
 * the problem, so that {@code getMessage()} alone tells a user what to fix.
 */
public class DataFormatException extends RuntimeException {
    private final Path file;
    private final long line;
    private final String problem;

    public DataFormatException(Path file, long line, String problem) {
        super(format(file, line, problem));
        this.file = file;
        this.line = line;
        this.problem = problem;
    }

    static String format(Path file, long line, String problem) {
        return line > 0 ? file + ":" + line + ": " + problem : file + ": " + problem;
    }

    public Path file() {
        return file;
    }

    /** 1-based line number, or 0 when the problem concerns the whole file. */
    public long line() {
        return line;
    }

    public String problem() {
        return problem;
    }
}
