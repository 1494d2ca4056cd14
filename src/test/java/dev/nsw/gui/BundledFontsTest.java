package dev.nsw.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.scene.text.Font;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The workbench's own fonts: the tests see only DejaVu (surefire's {@code FONTCONFIG_FILE}), the bundled
 * "NSW Sans SC" covers every character of the sample data, and a themed label is drawn with it.
 */
@ExtendWith(ApplicationExtension.class)
class BundledFontsTest {
    static {
        System.clearProperty("testfx.headless");
        System.setProperty("testfx.robot", "glass");
    }

    private Label label;

    @Start
    void start(Stage stage) {
        label = new Label("蓝鲸报销系统怎么提交发票？ Build BM25 index");
        Scene scene = new Scene(new VBox(label), 400, 100);
        Theme.LIGHT.apply(scene);
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void theTestsSeeNoCjkFontOfTheMachine() {
        assertThat(System.getenv("FONTCONFIG_FILE"))
                .as("set by the pom's surefire configuration")
                .endsWith("fonts.conf");
        List<String> machine = Font.getFamilies().stream()
                .filter(f -> !f.equals(BundledFonts.FAMILY))
                .toList();
        assertThat(machine)
                .isNotEmpty()
                .noneMatch(f -> f.matches("(?i).*(cjk|wenquanyi|wqy|noto|han|ming|hei|song).*"));
    }

    @Test
    void aThemedLabelIsDrawnWithTheBundledFamily(FxRobot robot) {
        robot.interact(() -> label.applyCss());
        assertThat(label.getFont().getFamily()).isEqualTo(BundledFonts.FAMILY);
        assertThat(Font.getFontNames(BundledFonts.FAMILY)).contains("NSW Sans SC", "NSW Sans SC Bold");
    }

    @Test
    void theSubsetCoversEveryCharacterOfTheSampleData() throws Exception {
        java.awt.Font regular;
        try (InputStream in = BundledFonts.class.getResourceAsStream("fonts/NSWSansSC-Regular.ttf")) {
            regular = java.awt.Font.createFont(java.awt.Font.TRUETYPE_FONT, in);
        }
        TreeSet<String> missing = new TreeSet<>();
        int checked = 0;
        try (Stream<Path> files = Files.walk(Path.of("sample-data"))) {
            // the data's own text files; not what a workspace builds there (indexes, .npy, runs: binary or copies)
            for (Path f : files.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().matches(".*\\.(csv|tsv|jsonl|md|txt)"))
                    .filter(f -> !f.toString().matches(".*/(indexes|embeddings|eval-runs|runs)/.*"))
                    .toList()) {
                String text = read(f);
                for (int i = 0; i < text.length(); ) {
                    int cp = text.codePointAt(i);
                    i += Character.charCount(cp);
                    if (cp > ' ' && cp != 0xFEFF) {
                        checked++;
                        if (!regular.canDisplay(cp)) {
                            missing.add(new String(Character.toChars(cp)) + String.format(" U+%04X", cp));
                        }
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(10_000);
        assertThat(missing)
                .as("characters of sample-data/ the bundled font lacks (rerun src/main/fonts/make-subset.py)")
                .isEmpty();
    }

    private static String read(Path f) throws IOException {
        return new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.UTF_8);
    }
}
