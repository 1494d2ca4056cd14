package dev.nsw.index;

import java.nio.file.Path;

/**
 * Thrown when an index is opened for one model but its vectors were made by another: searching it with
 * the caller's query embeddings would return nonsense without any other sign of trouble.
 */
public final class IndexModelMismatchException extends IndexFormatException {
    private static final long serialVersionUID = 1L;

    private final String expectedModelId;
    private final String actualModelId;

    public IndexModelMismatchException(Path path, String expectedModelId, String actualModelId) {
        super(
                path,
                "index was built from embeddings of model '" + actualModelId + "', but model '" + expectedModelId
                        + "' was expected; rebuild the index with that model");
        this.expectedModelId = expectedModelId;
        this.actualModelId = actualModelId;
    }

    public String expectedModelId() {
        return expectedModelId;
    }

    public String actualModelId() {
        return actualModelId;
    }
}
