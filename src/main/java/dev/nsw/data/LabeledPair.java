package dev.nsw.data;

/** One line of a labelled ranking file: {@code query \t title \t 0/1}. */
public record LabeledPair(long line, String query, String title, int label) {
    public boolean relevant() {
        return label == 1;
    }
}
