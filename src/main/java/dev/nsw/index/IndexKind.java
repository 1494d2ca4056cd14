package dev.nsw.index;

import java.util.Arrays;
import java.util.Locale;

/**
 * The kinds of vector index nsw builds, each by the one name that {@code index.json}, index folder names
 * ({@code dense-<model>-<kind>}), run settings and the index choices of the workbench use.
 */
public enum IndexKind {
    /** Approximate: an hnswlib graph ({@link HnswVectorIndex}). */
    HNSW(HnswVectorIndex.KIND),
    /** Brute force over every vector ({@link ExactVectorIndex}). */
    EXACT(ExactVectorIndex.KIND);

    private final String id;

    IndexKind(String id) {
        this.id = id;
    }

    /** The name: {@code hnsw} or {@code exact}. */
    public String id() {
        return id;
    }

    /** The kind named {@code id} ({@link #id()}); refuses any other name, listing the known ones. */
    public static IndexKind of(String id) {
        return Arrays.stream(values())
                .filter(k -> k.id.equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(String.format(
                        Locale.ROOT,
                        "index kind must be %s, got '%s'",
                        String.join(
                                " or ",
                                Arrays.stream(values()).map(IndexKind::id).toList()),
                        id)));
    }

    @Override
    public String toString() {
        return id;
    }
}
