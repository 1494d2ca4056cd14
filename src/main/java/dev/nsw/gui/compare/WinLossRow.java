package dev.nsw.gui.compare;

/**
 * A query where two runs disagree at K.
 *
 * @param winner name of the run that finds the gold target in its top K
 * @param rankA rank of the first relevant document in run A (0 = not retrieved)
 * @param rankB the same in run B
 */
public record WinLossRow(String queryId, String query, String winner, int rankA, int rankB) {
    public String rankText(int rank) {
        return rank == 0 ? "—" : Integer.toString(rank);
    }
}
