package dev.nsw.index;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * ANN quality against exact search: recall@k = |ANN top-k ∩ exact top-k| / k, averaged over queries
 * (the usual ANN-benchmarks definition; not the retrieval Recall@K of {@code eval}, which asks whether a
 * gold document was found).
 */
public final class AnnRecall {
    private AnnRecall() {}

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
