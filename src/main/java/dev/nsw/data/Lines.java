package dev.nsw.data;

import dev.nsw.io.SpecialFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.BiConsumer;

/**
 * Reads a UTF-8 text file line by line with the checks every data file shares: a byte-order mark is
 * dropped, invalid UTF-8 and over-long lines are reported with their line number, blank lines are
 * skipped, and an empty file is an error.
 *
 * <p>Lines are split on {@code \n}; a trailing {@code \r} is removed so Windows files read the same.
 * Decoding is done per line (not through a {@code Reader}) so that an invalid byte is reported on the
 * line where it occurs, and a lenient read can skip just that line.
 */
final class Lines {
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private Lines() {}

    /**
     * Calls {@code consumer} with (1-based line number, text) for every non-blank line.
     *
     * @throws DataFormatException for a missing or empty file, and (strict mode) for the first bad line;
     *     in lenient mode bad lines are recorded in {@code report} and skipped
     */
    static void forEach(Path file, ReadOptions options, ReadReport report, BiConsumer<Long, String> consumer) {
        long nonBlank = 0;
        // a FIFO with no writer yet: openInput says on stderr what nsw waits for instead of hanging silently
        try (InputStream in = SpecialFiles.openInput(file)) {
            CharsetDecoder decoder = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            // Over-long lines are caught in bytes first: a UTF-8 char is at most 4 bytes.
            long maxBytes = (long) options.maxLineChars() * 4 + 4;
            LineBuffer buffer = new LineBuffer();
            long lineNo = 0;
            boolean first = true;
            byte[] chunk = new byte[1 << 16];
            int n;
            boolean tooLong = false;
            while ((n = in.read(chunk)) > 0) {
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (chunk[i] != '\n') {
                        continue;
                    }
                    if (!tooLong) {
                        buffer.append(chunk, start, i - start);
                    }
                    lineNo++;
                    if (handle(file, lineNo, buffer, tooLong, first, decoder, options, report, consumer)) {
                        nonBlank++;
                    }
                    first = false;
                    buffer.clear();
                    tooLong = false;
                    start = i + 1;
                }
                if (!tooLong) {
                    buffer.append(chunk, start, n - start);
                    if (buffer.length() > maxBytes) {
                        tooLong = true;
                        buffer.clear();
                    }
                }
            }
            if (buffer.length() > 0 || tooLong) {
                lineNo++;
                if (handle(file, lineNo, buffer, tooLong, first, decoder, options, report, consumer)) {
                    nonBlank++;
                }
            }
        } catch (NoSuchFileException e) {
            throw new DataFormatException(file, 0, "file not found");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (nonBlank == 0 && report.skipped().isEmpty()) {
            throw new DataFormatException(file, 0, "the file is empty (no non-blank lines)");
        }
    }

    /** Returns true when the line was non-blank (whether accepted or skipped as bad). */
    private static boolean handle(
            Path file,
            long lineNo,
            LineBuffer buffer,
            boolean tooLong,
            boolean first,
            CharsetDecoder decoder,
            ReadOptions options,
            ReadReport report,
            BiConsumer<Long, String> consumer) {
        report.countLine();
        try {
            if (tooLong) {
                throw new DataFormatException(
                        file,
                        lineNo,
                        "line is longer than " + options.maxLineChars()
                                + " characters (wrong delimiter or not a text file?)");
            }
            int offset = first && buffer.startsWith(BOM) ? BOM.length : 0;
            int length = buffer.length() - offset;
            if (length > 0 && buffer.bytes()[offset + length - 1] == '\r') {
                length--;
            }
            String text;
            try {
                CharBuffer chars = decoder.reset().decode(ByteBuffer.wrap(buffer.bytes(), offset, length));
                text = chars.toString();
            } catch (CharacterCodingException e) {
                int column = firstInvalidByte(buffer.bytes(), offset, length);
                throw new DataFormatException(file, lineNo, "invalid UTF-8 at byte " + (column + 1) + " of the line");
            }
            if (text.codePointCount(0, text.length()) > options.maxLineChars()) {
                throw new DataFormatException(
                        file,
                        lineNo,
                        "line is longer than " + options.maxLineChars()
                                + " characters (wrong delimiter or not a text file?)");
            }
            int nul = text.indexOf('\0');
            if (nul >= 0) {
                throw new DataFormatException(
                        file,
                        lineNo,
                        "NUL byte at character " + (nul + 1)
                                + " of the line (a binary file, or UTF-16 text? nsw reads UTF-8)");
            }
            if (text.isBlank()) {
                report.countBlank();
                return false;
            }
            consumer.accept(lineNo, text);
        } catch (DataFormatException e) {
            if (!options.lenient()) {
                throw e;
            }
            report.skip(e);
        }
        return true;
    }

    /** Offset (from {@code offset}) of the first byte where UTF-8 decoding fails. */
    private static int firstInvalidByte(byte[] bytes, int offset, int length) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, offset, length);
        CharBuffer out = CharBuffer.allocate(length + 1);
        decoder.decode(in, out, true);
        return in.position() - offset;
    }

    /** A growable byte array holding the current line. */
    private static final class LineBuffer {
        private byte[] bytes = new byte[256];
        private int length;

        void append(byte[] src, int from, int count) {
            if (length + count > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + count));
            }
            System.arraycopy(src, from, bytes, length, count);
            length += count;
        }

        boolean startsWith(byte[] prefix) {
            if (length < prefix.length) {
                return false;
            }
            for (int i = 0; i < prefix.length; i++) {
                if (bytes[i] != prefix[i]) {
                    return false;
                }
            }
            return true;
        }

        void clear() {
            length = 0;
        }

        int length() {
            return length;
        }

        byte[] bytes() {
            return bytes;
        }
    }
}
