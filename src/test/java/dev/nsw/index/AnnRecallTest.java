package dev.nsw.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nsw.bench.SyntheticEmbeddings;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The one ANN check: which indexes it applies to, at what ef, and its recall written out by hand. */
class AnnRecallTest {
    static final int K = 10;
    final SyntheticEmbeddings gen = new SyntheticEmbeddings(32, 10, 5);
    final float[][] corpus = gen.corpus(1500);
    final float[][] queries = gen.queries(60);

    /** |HNSW top-k ∩ brute-force top-k| / k averaged over the queries, with plain loops over the index's vectors. */
    private double byHand(VectorIndex index) {
        double sum = 0;
        for (float[] q : queries) {
            double[] dots = new double[index.size()];
            for (int i = 0; i < dots.length; i++) {
                float[] v = index.vector(i);
                for (int j = 0; j < v.length; j++) {
                    dots[i] += (double) q[j] * v[j];
                }
            }
            Set<Integer> truth = new HashSet<>(IntStream.range(0, dots.length)
                    .boxed()
                    .sorted(Comparator.comparingDouble((Integer i) -> -dots[i]))
                    .limit(K)
                    .toList());
            long found = index.search(q, K).stream()
                    .filter(h -> truth.contains(h.ordinal()))
                    .count();
            sum += found / (double) K;
        }
        return sum / queries.length;
    }

    @Test
    void anExactIndexHasNoEfAndNothingToCheck() {
        ExactVectorIndex exact = ExactVectorIndex.builder("m").build(corpus);
        assertThat(exact.approximate()).isFalse();
        assertThat(exact.searchEf()).isEmpty();
        assertThat(AnnRecall.check(exact, queries, K)).isEmpty();
        assertThat(AnnRecall.check(exact, exact.searchAll(queries, K), queries, K))
                .isEmpty();
    }

    @Test
    void anHnswIndexIsCheckedAtItsCurrentEfAgainstExactSearchOverItsOwnVectors() {
        // a deliberately poor graph and beam, so that the check has misses to find
        HnswVectorIndex hnsw = HnswVectorIndex.builder("m")
                .optM(2)
                .optEfConstruction(4)
                .optEf(1)
                .build(corpus);
        assertThat(hnsw.approximate()).isTrue();
        assertThat(hnsw.searchEf()).hasValue(1);

        AnnRecall.Check low = AnnRecall.check(hnsw, queries, K).orElseThrow();
        assertThat(low.ef()).isEqualTo(1);
        assertThat(low.k()).isEqualTo(K);
        assertThat(low.recall()).isCloseTo(byHand(hnsw), within(1e-12)).isLessThan(1.0);

        hnsw.setEf(400);
        AnnRecall.Check high = AnnRecall.check(hnsw, queries, K).orElseThrow();
        assertThat(high.ef()).isEqualTo(400);
        assertThat(high.recall()).isCloseTo(byHand(hnsw), within(1e-12)).isGreaterThan(low.recall());

        // the precomputed form (a sweep over ef) gives the same number
        List<List<Hit>> truth = ExactVectorIndex.builder("m").build(corpus).searchAll(queries, K);
        assertThat(AnnRecall.check(hnsw, truth, queries, K)).contains(high);
    }
}
