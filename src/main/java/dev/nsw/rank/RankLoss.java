package dev.nsw.rank;

import java.util.Locale;

/** What the cross-encoder is trained to minimise. */
public enum RankLoss {
    /** The recipe's pairwise {@link MarginRankingLoss} on sigmoid probabilities, one triple at a time. */
    MARGIN,
    /** {@link ListwiseSoftmaxLoss}: softmax cross-entropy over a query's positive and its N negatives. */
    LISTWISE;

    /** The name in run records and on the command line. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
