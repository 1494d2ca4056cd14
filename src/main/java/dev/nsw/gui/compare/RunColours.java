package dev.nsw.gui.compare;

import java.util.Locale;

/**
 * One colour per run for the Recall@K chart and its legend, distinct well past JavaFX's eight default
 * series colours: twelve hand-picked ones (Tableau's palette, readable on light and dark), then hues
 * stepped by the golden angle (≈137.5°), which never repeat.
 */
final class RunColours {
    private static final String[] PALETTE = {
        "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
        "#1f77b4", "#8c564b"
    };

    private RunColours() {}

    /** The colour of the run at {@code index} (0-based) in the table, as a CSS colour. */
    static String of(int index) {
        if (index < 0) {
            return PALETTE[0];
        }
        if (index < PALETTE.length) {
            return PALETTE[index];
        }
        double hue = ((index - PALETTE.length) * 137.508 + 20) % 360;
        javafx.scene.paint.Color c = javafx.scene.paint.Color.hsb(hue, 0.65, 0.8);
        return String.format(
                Locale.ROOT,
                "#%02x%02x%02x",
                Math.round(c.getRed() * 255),
                Math.round(c.getGreen() * 255),
                Math.round(c.getBlue() * 255));
    }
}
