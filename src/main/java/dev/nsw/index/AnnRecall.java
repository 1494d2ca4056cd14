package dev.nsw.index;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * ANN quality against exact search: recall@k = |ANN top-k ∩ exact top-k| / k, averaged over queries
 * (the usual ANN-benchmarks definition; not the retrieval Recall@K of {@code eval}, which asks whether a
 * gold document was found). {@link #check} is the one ANN check of {@code nsw recall --ann-check}, the
 * Index panel and {@code nsw bench ann}.
 */
public final class AnnRecall {
    private AnnRecall() {}

    /** What an ANN check measured: the index's search ef and its recall@k against exact search, in [0, 1]. */
    public record Check(int ef, int k, double recall) {}

    /**
     * The ANN check: for an approximate index ({@link VectorIndex#searchEf()} present), its recall@k at its
     * current ef against exact search over its own vectors and ids; empty for an exact index (1 by
     * construction), so callers need not know the index's class.
     */
    public static Optional<Check> check(VectorIndex index, float[][] queries, int k) {
        if (!index.approximate()) {
            return Optional.empty();
        }
        // An index of passages: the graph's recall over its passages, the only approximate part of a MaxP search.
        VectorIndex graph = index instanceof MaxPassageIndex m ? m.passageIndex() : index;
        return check(graph, exactReference(graph).searchAll(queries, k), queries, k);
    }

    /** {@link #check(VectorIndex, float[][], int)} with the exact top-k computed once (a sweep over ef). */
    public static Optional<Check> check(VectorIndex index, List<List<Hit>> exactTop, float[][] queries, int k) {
        return index.searchEf().stream()
                .mapToObj(ef -> new Check(ef, k, recallAtK(index, exactTop, queries, k)))
                .findFirst();
    }

    /** Exact search over the same vectors and ids as {@code index}. */
    static ExactVectorIndex exactReference(VectorIndex index) {
        float[][] vectors = new float[index.size()][];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = index.vector(i);
        }
        return ExactVectorIndex.builder(index.modelId())
                .build(
                        vectors,
                        IntStream.range(0, vectors.length).mapToObj(index::id).toList());
    }

    /**
     * Measures ANN quality: mean over {@code queries} of |ANN top-k ∩ exact top-k| / k, in [0, 1].
     *
     * @param approx the index under test
     * @param exact  a reference over the same vectors (e.g. {@link ExactVectorIndex})
     */
    public static double recallAtK(VectorIndex approx, VectorIndex exact, float[][] queries, int k) {
        return recallAtK(approx, exact.searchAll(queries, k), queries, k);
    }

    /** {@link #recallAtK(VectorIndex, VectorIndex, float[][], int)} with precomputed exact results. */
    public static double recallAtK(VectorIndex approx, List<List<Hit>> exactTop, float[][] queries, int k) {
        if (queries.length == 0) {
            throw new IllegalArgumentException("no queries");
        }
        if (exactTop.size() != queries.length) {
            throw new IllegalArgumentException(exactTop.size() + " exact results for " + queries.length + " queries");
        }
        List<List<Hit>> got = approx.searchAll(queries, k);
        double sum = 0;
        for (int q = 0; q < queries.length; q++) {
            List<Hit> truth =
                    exactTop.get(q).subList(0, Math.min(k, exactTop.get(q).size()));
            Set<Integer> want = new HashSet<>();
            truth.forEach(h -> want.add(h.ordinal()));
            int found = 0;
            for (Hit h : got.get(q)) {
                if (want.contains(h.ordinal())) {
                    found++;
                }
            }
            sum += truth.isEmpty() ? 1.0 : (double) found / truth.size();
        }
        return sum / queries.length;
    }
}
