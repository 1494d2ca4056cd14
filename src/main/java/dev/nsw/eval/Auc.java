package dev.nsw.eval;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Area under the ROC curve of scores against 0/1 labels, computed from ranks (the Mann–Whitney U
 * statistic), as scikit-learn's {@code roc_auc_score}:
 *
 * <p>AUC = (R₁ − n₁(n₁ + 1)/2) / (n₁ · n₀), where R₁ is the sum of the positives' ranks among all scores
 * (ascending, 1-based, tied scores sharing the average of their ranks), n₁ the number of positives and n₀
 * of negatives. It is the probability that a random positive scores above a random negative, a tie counting
 * 1/2: 1 is a perfect ordering, 0.5 chance (or all scores tied).
 */
public final class Auc {
    private Auc() {}

    /**
     * @param scores higher means more likely positive
     * @param labels 0 or 1, one per score
     * @throws IllegalArgumentException when lengths differ, a label is not 0/1, a score is NaN, or one class is
     *     absent (AUC is then undefined)
     */
    public static double of(double[] scores, int[] labels) {
        if (scores.length != labels.length) {
            throw new IllegalArgumentException(
                    "scores and labels differ in number: " + scores.length + " != " + labels.length);
        }
        long positives = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != 0 && labels[i] != 1) {
                throw new IllegalArgumentException("label " + i + " must be 0 or 1, got " + labels[i]);
            }
            if (Double.isNaN(scores[i])) {
                throw new IllegalArgumentException("score " + i + " is NaN");
            }
            positives += labels[i];
        }
        long negatives = labels.length - positives;
        if (positives == 0 || negatives == 0) {
            throw new IllegalArgumentException(
                    "AUC needs both labels: " + positives + " positive and " + negatives + " negative examples");
        }
        Integer[] order = IntStream.range(0, scores.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
        double rankSumPositives = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double averageRank = (i + 1 + j + 1) / 2.0; // ranks i+1 .. j+1 share their mean
            for (int k = i; k <= j; k++) {
                if (labels[order[k]] == 1) {
                    rankSumPositives += averageRank;
                }
            }
            i = j + 1;
        }
        return (rankSumPositives - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /** {@link #of(double[], int[])} for float scores (probabilities, cosines). */
    public static double of(float[] scores, int[] labels) {
        double[] d = new double[scores.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = scores[i];
        }
        return of(d, labels);
    }
}
