package dev.nsw.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * One training example of a reranker: a query, one positive text and its negatives (at least one). The
 * pairwise margin loss reads it as {@link #triples()} (one per negative); the listwise loss scores the
 * positive and all its negatives as one row [1 + N].
 *
 * @param line the line of the source file (pair, triple or JSON line) the example came from
 */
public record RankingList(long line, String query, String positive, List<String> negatives) {
    public RankingList {
        negatives = List.copyOf(negatives);
        if (negatives.isEmpty()) {
            throw new IllegalArgumentException("a ranking example needs at least one negative (line " + line + ")");
        }
    }

    /** The one-negative example of a triple. */
    public static RankingList of(RankingTriple t) {
        return new RankingList(t.line(), t.query(), t.positive(), List.of(t.negative()));
    }

    /** One (query, positive, negative) triple per negative, in the negatives' order. */
    public List<RankingTriple> triples() {
        List<RankingTriple> out = new ArrayList<>(negatives.size());
        for (String n : negatives) {
            out.add(new RankingTriple(line, query, positive, n));
        }
        return out;
    }

    /** {@link #triples()} of every example, in order. */
    public static List<RankingTriple> triples(List<RankingList> examples) {
        List<RankingTriple> out = new ArrayList<>(examples.size());
        examples.forEach(e -> out.addAll(e.triples()));
        return out;
    }

    /**
     * {@code n} distinct candidates drawn at random, returned in the candidates' order (for mined negatives:
     * first-stage order). A partial Fisher–Yates shuffle of the indices: the first draw is
     * {@code random.nextInt(size)}, so {@code n = 1} picks exactly what {@code candidates.get(random.nextInt(size))}
     * picks, and n draws cost n calls.
     *
     * @throws IllegalArgumentException when there are fewer than {@code n} candidates
     */
    public static List<String> draw(List<String> candidates, int n, Random random) {
        int size = candidates.size();
        if (n < 1 || n > size) {
            throw new IllegalArgumentException("cannot draw " + n + " of " + size + " candidates");
        }
        int[] index = new int[size];
        for (int i = 0; i < size; i++) {
            index[i] = i;
        }
        for (int i = 0; i < n; i++) {
            int j = i + random.nextInt(size - i);
            int t = index[i];
            index[i] = index[j];
            index[j] = t;
        }
        int[] chosen = Arrays.copyOf(index, n);
        Arrays.sort(chosen);
        List<String> out = new ArrayList<>(n);
        for (int i : chosen) {
            out.add(candidates.get(i));
        }
        return out;
    }
}
