package dev.nsw.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a read saw besides the records: lines read, blank lines skipped, and (lenient mode) the bad lines
 * that were skipped, each with its problem.
 */
public final class ReadReport {
    private final Path file;
    private long linesRead;
    private long blankLines;
    private final List<DataFormatException> skipped = new ArrayList<>();

    public ReadReport(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** Physical lines read, blank ones included. */
    public long linesRead() {
        return linesRead;
    }

    public long blankLines() {
        return blankLines;
    }

    /** Bad lines skipped in lenient mode (empty in strict mode, where the first one throws). */
    public List<DataFormatException> skipped() {
        return Collections.unmodifiableList(skipped);
    }

    void countLine() {
        linesRead++;
    }

    void countBlank() {
        blankLines++;
    }

    void skip(DataFormatException problem) {
        skipped.add(problem);
    }

    @Override
    public String toString() {
        return file + ": " + linesRead + " lines, " + blankLines + " blank, " + skipped.size() + " bad lines skipped";
    }
}
