package dev.nsw.index;

import dev.nsw.io.FileFormatException;
import java.nio.file.Path;

/** Thrown when a file or folder is not an index (or a {@code .npy} array) that this program can read. */
public class IndexFormatException extends FileFormatException {
    private static final long serialVersionUID = 1L;

    public IndexFormatException(Path path, String problem) {
        super(path, problem);
    }

    public IndexFormatException(Path path, String problem, Throwable cause) {
        super(path, problem, cause);
    }
}
