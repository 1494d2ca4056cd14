package dev.nsw.data;

import java.nio.file.Path;
import java.util.List;

/** The records read from one file, in file order, with what the read saw (blank and skipped lines). */
public record DataFile<T>(Path path, List<T> records, ReadReport report) {
    public DataFile {
        records = List.copyOf(records);
    }

    public int size() {
        return records.size();
    }
}
