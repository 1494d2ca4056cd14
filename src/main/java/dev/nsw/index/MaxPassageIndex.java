package dev.nsw.index;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * An index of passages searched by document (MaxP): its vectors are passages, their ids the ids of the documents
 * they were cut from (repeated), and {@link #search} returns each document once, scored by its best passage — the
 * {@link Hit} of that passage (its ordinal says which one matched).
 *
 * <p>Why the result is exact: the underlying index returns passages best first, so the first time a document's id
 * appears is its best passage, and a document none of whose passages made the list scores below every document
 * that did. The search therefore asks the passage index for more than k passages — twice the mean passages per
 * document times k — and doubles that until k distinct documents came back or every passage was returned.
 * For an approximate index "exact" means: MaxP over what the graph returns.
 */
public final class MaxPassageIndex implements VectorIndex {
    private final VectorIndex passages;
    private final IndexMetadata.Passages layout;

    private MaxPassageIndex(VectorIndex passages, IndexMetadata.Passages layout) {
        this.passages = passages;
        this.layout = layout;
    }

    /** {@code index} searched by document when it holds passages ({@link VectorIndex#passages()}), else itself. */
    public static VectorIndex byDocument(VectorIndex index) {
        if (index instanceof MaxPassageIndex) {
            return index;
        }
        return index.passages()
                .<VectorIndex>map(p -> new MaxPassageIndex(index, p))
                .orElse(index);
    }

    /** The index of passages underneath, searched passage by passage (an ANN check measures this one). */
    public VectorIndex passageIndex() {
        return passages;
    }

    @Override
    public java.util.Optional<IndexMetadata.Passages> passages() {
        return java.util.Optional.of(layout);
    }

    /** Documents this index answers with (not its vectors: {@link #size()} counts passages). */
    public int documents() {
        return layout.documents();
    }

    @Override
    public List<Hit> search(float[] query, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        int n = passages.size();
        // Twice the mean number of passages a document has, per document wanted.
        long perDocument = 2L * Math.ceilDiv(n, layout.documents());
        int depth = (int) Math.min(n, Math.max(k, perDocument * k));
        while (true) {
            List<Hit> raw = passages.search(query, depth);
            List<Hit> best = bestPerDocument(raw, k);
            if (best.size() >= k || depth >= n || raw.size() < depth) {
                return best;
            }
            depth = (int) Math.min(n, 2L * depth);
        }
    }

    /** The first hit of each id, in order, up to {@code k}: with hits best first, each document's best passage. */
    static List<Hit> bestPerDocument(List<Hit> hits, int k) {
        List<Hit> out = new ArrayList<>(Math.min(k, hits.size()));
        Set<String> seen = new HashSet<>();
        for (Hit h : hits) {
            if (out.size() == k) {
                break;
            }
            if (seen.add(h.id())) {
                out.add(h);
            }
        }
        return out;
    }

    @Override
    public List<List<Hit>> searchAll(float[][] queries, int k) {
        return IntStream.range(0, queries.length)
                .parallel()
                .mapToObj(i -> search(queries[i], k))
                .toList();
    }

    @Override
    public String kind() {
        return passages.kind();
    }

    @Override
    public String modelId() {
        return passages.modelId();
    }

    @Override
    public String corpusFingerprint() {
        return passages.corpusFingerprint();
    }

    @Override
    public int dimensions() {
        return passages.dimensions();
    }

    /** Vectors stored: one per passage. */
    @Override
    public int size() {
        return passages.size();
    }

    @Override
    public String id(int ordinal) {
        return passages.id(ordinal);
    }

    @Override
    public float[] vector(int ordinal) {
        return passages.vector(ordinal);
    }

    @Override
    public OptionalInt searchEf() {
        return passages.searchEf();
    }

    @Override
    public IndexMetadata metadata() {
        return passages.metadata();
    }

    @Override
    public void save(Path dir) throws IOException {
        passages.save(dir);
    }
}
