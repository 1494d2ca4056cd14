package dev.nsw.gui;

import java.util.List;
import javafx.scene.Scene;

/** Light and dark looks: Modena plus the workbench's style sheet, and a dark override on top. */
public enum Theme {
    LIGHT,
    DARK;

    private static final String BASE = Theme.class.getResource("workbench.css").toExternalForm();
    private static final String DARK_CSS = Theme.class.getResource("dark.css").toExternalForm();

    public void apply(Scene scene) {
        BundledFonts.load(); // before a style sheet names the family
        scene.getStylesheets().setAll(this == DARK ? List.of(BASE, DARK_CSS) : List.of(BASE));
    }

    public Theme toggled() {
        return this == LIGHT ? DARK : LIGHT;
    }
}
