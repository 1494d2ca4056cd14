package dev.nsw.gui.annotate;

/**
 * One row of the Annotate panel while it is being labelled (the label may still be missing); the finished
 * judgements it exports are {@link dev.nsw.data.LabelFiles.Judgement}s.
 *
 * @param docId corpus id when known (search hits), else null
 * @param fileLabel label the pair had in its file, -1 when it came from search
 * @param label the current label: 1 relevant, 0 not relevant, -1 not labelled yet
 */
public record LabelRow(String query, String text, String docId, int fileLabel, int label) {
    public LabelRow withLabel(int newLabel) {
        return new LabelRow(query, text, docId, fileLabel, newLabel);
    }

    public boolean labelled() {
        return label >= 0;
    }

    public boolean changed() {
        return fileLabel >= 0 && label != fileLabel;
    }
}
