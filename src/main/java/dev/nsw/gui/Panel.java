package dev.nsw.gui;

/** The workbench's panels, in sidebar order (Ctrl+1 … Ctrl+8). */
public enum Panel {
    DATASETS("Datasets"),
    TRAIN("Train"),
    INDEX("Index"),
    SEARCH("Search"),
    COMPARE("Compare"),
    ANNOTATE("Annotate"),
    SCORES("Scores"),
    MAP("Map");

    private final String title;

    Panel(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }
}
