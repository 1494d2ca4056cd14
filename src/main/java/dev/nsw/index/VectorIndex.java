package dev.nsw.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.IntStream;

/**
 * A searchable set of L2-normalised embeddings: top-k by cosine similarity (inner product).
 *
 * <p>Implementations: {@link HnswVectorIndex} (approximate, hnswlib graph) and {@link ExactVectorIndex}
 * (brute force). Both are built once from a {@code float[n][d]} matrix through their builders; their vectors,
 * ids and graph never change afterwards, and searches may run concurrently. The one mutable setting is a
 * search parameter, HNSW's candidate list size ({@link HnswVectorIndex#setEf}): it applies to every later
 * search on every thread, so set it before sharing the index, not between concurrent searches. Every index remembers the {@link #modelId()} of the
 * model that made its vectors, and {@link #open(Path, String)} refuses an index made by another model.
 *
 * <pre>{@code
 * VectorIndex index = HnswVectorIndex.builder("bge-small-zh@run-3").build(vectors, ids);
 * List<Hit> top = index.search(queryEmbedding, 10);
 * index.save(dir);
 * VectorIndex again = VectorIndex.open(dir, "bge-small-zh@run-3");
 * }</pre>
 */
public interface VectorIndex {

    /** {@code "hnsw"} or {@code "exact"}. */
    String kind();

    /** Id of the model whose embeddings this index holds. */
    String modelId();

    /** Fingerprint of the corpus texts the vectors embed ({@link dev.nsw.io.Fingerprint#ofTexts}), or null when unknown. */
    default String corpusFingerprint() {
        return null;
    }

    /**
     * For an index of passages — several vectors per document, each under its document's id — how the documents
     * were cut; empty for one vector per document. Such an index is searched by document through {@link
     * MaxPassageIndex}, which {@link #open} returns for it.
     */
    default java.util.Optional<IndexMetadata.Passages> passages() {
        return java.util.Optional.empty();
    }

    /** Vector length {@code d}. */
    int dimensions();

    /** Number of stored vectors {@code n}. */
    int size();

    /** External id of the vector at {@code ordinal} (its position in the build input). */
    String id(int ordinal);

    /** The stored (unit-length) vector at {@code ordinal}; callers must not change it. */
    float[] vector(int ordinal);

    /**
     * The candidate list size an approximate index searches with (HNSW's ef), empty for an exact index, whose
     * search is exhaustive. This is the one answer to "is this an ANN index, and at what ef": an ANN check
     * ({@link AnnRecall#check}) applies exactly when it is present.
     */
    default OptionalInt searchEf() {
        return OptionalInt.empty();
    }

    /** Whether searches may miss what exact search finds ({@link #searchEf()} is present). */
    default boolean approximate() {
        return searchEf().isPresent();
    }

    /**
     * The {@code k} stored vectors most similar to {@code query}, best first.
     *
     * @param query vector of length {@link #dimensions()}; normalised here if it is not unit length
     * @param k     number of hits wanted, {@code >= 1}; fewer come back when the index is smaller
     * @return hits with score = cosine similarity
     */
    List<Hit> search(float[] query, int k);

    /** {@link #search} for many queries, spread over the available cores. */
    default List<List<Hit>> searchAll(float[][] queries, int k) {
        return IntStream.range(0, queries.length)
                .parallel()
                .mapToObj(i -> search(queries[i], k))
                .toList();
    }

    /** Description of this index as it would be saved (file names and checksums are null until saved). */
    IndexMetadata metadata();

    /**
     * Saves this index into folder {@code dir} atomically (see {@link IndexFiles}); an index already there is
     * replaced.
     */
    void save(Path dir) throws IOException;

    /**
     * Opens an index folder written by {@link #save}, whatever model made it.
     *
     * @throws IndexFormatException if {@code dir} is not an index this program wrote, or is corrupt
     */
    static VectorIndex open(Path dir) throws IOException {
        return open(dir, null);
    }

    /**
     * Opens an index folder written by {@link #save} and checks that it was built from embeddings of
     * {@code expectedModelId}. An index of passages comes back as a {@link MaxPassageIndex}.
     *
     * <p>Metadata, format version and the data files' SHA-256 are checked before any data is parsed; HNSW
     * graphs are stored with Java serialisation (hnswlib's format), so only files this program wrote are
     * ever deserialised.
     *
     * @param expectedModelId the model the caller will embed queries with, or null to accept any
     * @throws IndexModelMismatchException if the index was built by a different model
     * @throws IndexFormatException        if {@code dir} is not an index this program wrote, or is corrupt
     */
    static VectorIndex open(Path dir, String expectedModelId) throws IOException {
        // index.json is the commit of a save: a save that commits while this reads (and deletes the data files of the
        // version read so far) makes the read start again on the new version, never fail half-way
        Path pointer = Files.isDirectory(dir) ? dir.resolve(IndexFiles.METADATA_FILE) : dir;
        return dev.nsw.io.AtomicFiles.readConsistent(pointer, false, () -> openVersion(dir, expectedModelId), null);
    }

    private static VectorIndex openVersion(Path dir, String expectedModelId) throws IOException {
        IndexMetadata meta = IndexFiles.readMetadata(dir);
        if (expectedModelId != null && !expectedModelId.equals(meta.modelId())) {
            throw new IndexModelMismatchException(dir, expectedModelId, meta.modelId());
        }
        Path folder = Files.isDirectory(dir) ? dir : dir.toAbsolutePath().getParent();
        VectorIndex index = switch (meta.kind()) {
            case HnswVectorIndex.KIND -> HnswVectorIndex.load(folder, meta);
            case ExactVectorIndex.KIND -> ExactVectorIndex.load(folder, meta);
            default -> throw new IndexFormatException(dir, "unknown index kind '" + meta.kind() + "'");
        };
        // An index of passages answers by document (its best passage), whoever opens it.
        return MaxPassageIndex.byDocument(index);
    }
}
