package dev.nsw.io;

import java.io.IOException;
import java.nio.file.Path;

/** Thrown when a file is not in the format nsw reads there (an {@code .npy} array, an index, weights); names the file. */
public class FileFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public FileFormatException(Path path, String problem) {
        super(path + ": " + problem);
    }

    public FileFormatException(Path path, String problem, Throwable cause) {
        super(path + ": " + problem, cause);
    }
}
