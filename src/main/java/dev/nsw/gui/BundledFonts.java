package dev.nsw.gui;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import javafx.scene.text.Font;

/**
 * The fonts the workbench ships (resources {@code fonts/}): "NSW Sans SC", a subset of Noto Sans CJK SC in
 * Regular and Bold with Latin, CJK punctuation, the 3,755 common hanzi of GB 2312 level 1 and every character of
 * the sample data and the UI (made by {@code src/main/fonts/make-subset.py}; SIL Open Font License,
 * {@code fonts/LICENSE-OFL.txt}).
 *
 * <p>They are loaded once, before the first style sheet names them ({@link Theme#apply}), so that Chinese and
 * English text render — and lay out — the same on every machine, whichever fonts it has installed. A character
 * outside the subset falls back to the machine's fonts.
 */
public final class BundledFonts {
    /** The family the style sheets name first. */
    public static final String FAMILY = "NSW Sans SC";

    private static final List<String> FILES = List.of("NSWSansSC-Regular.ttf", "NSWSansSC-Bold.ttf");
    private static volatile boolean loaded;

    private BundledFonts() {}

    /** Loads the bundled faces (once per process); size 0 registers the face without making a font of it. */
    public static synchronized void load() {
        if (loaded) {
            return;
        }
        for (String file : FILES) {
            try (InputStream in = BundledFonts.class.getResourceAsStream("fonts/" + file)) {
                if (in == null) {
                    throw new IllegalStateException("the bundled font fonts/" + file + " is missing from the build");
                }
                Font font = Font.loadFont(in, 13);
                if (font == null || !FAMILY.equals(font.getFamily())) {
                    throw new IllegalStateException("the bundled font fonts/" + file + " did not load as " + FAMILY
                            + (font == null ? "" : " (it is " + font.getFamily() + ")"));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the bundled font fonts/" + file, e);
            }
        }
        loaded = true;
    }
}
