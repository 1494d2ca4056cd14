package dev.nsw.gui.search;

/**
 * A test query in the query browser with its outcome in the two runs compared (Compare's A and B) at K.
 *
 * @param rankA 1-based rank of the first gold document in run A's list, 0 = not found, -1 = no run A
 */
public record QueryRow(String id, String text, String outcome, int rankA, int rankB) {
    public static final String BOTH = "both";
    public static final String ONLY_A = "only A";
    public static final String ONLY_B = "only B";
    public static final String NEITHER = "neither";

    public String rankAText() {
        return rankA < 0 ? "" : rankA == 0 ? "–" : Integer.toString(rankA);
    }

    public String rankBText() {
        return rankB < 0 ? "" : rankB == 0 ? "–" : Integer.toString(rankB);
    }
}
