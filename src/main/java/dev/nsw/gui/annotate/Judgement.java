package dev.nsw.gui.annotate;

/**
 * One pair in the Annotate panel.
 *
 * @param docId corpus id when known (search hits), else null
 * @param fileLabel label the pair had in its file, -1 when it came from search
 * @param label the current label: 1 relevant, 0 not relevant, -1 not labelled yet
 */
public record Judgement(String query, String text, String docId, int fileLabel, int label) {
    public Judgement withLabel(int newLabel) {
        return new Judgement(query, text, docId, fileLabel, newLabel);
    }

    public boolean labelled() {
        return label >= 0;
    }

    public boolean changed() {
        return fileLabel >= 0 && label != fileLabel;
    }
}
