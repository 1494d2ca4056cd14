package dev.nsw.gui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class GuiOptionsTest {
    @Test
    void parsesTheGuiOptions() {
        assertThat(GuiOptions.parse(List.of())).isEqualTo(new GuiOptions(null, false, null));
        GuiOptions o = GuiOptions.parse(List.of("--smoke_test", "--workspace", "ws", "--screenshot_dir", "shots"));
        assertThat(o).isEqualTo(new GuiOptions(Path.of("ws"), true, Path.of("shots")));
        // the old kebab spellings still work
        assertThat(GuiOptions.parse(List.of("--smoke-test", "--workspace", "ws", "--screenshot-dir", "shots")))
                .isEqualTo(o);
        assertThat(o.automated()).isTrue();
        assertThatThrownBy(() -> GuiOptions.parse(List.of("--bogus"))).hasMessageContaining("unknown option '--bogus'");
        assertThatThrownBy(() -> GuiOptions.parse(List.of("--workspace"))).hasMessageContaining("needs a folder");
    }

    @Test
    void settingsKeepEightRecentWorkspacesNewestFirst() {
        Settings s = Settings.inMemory();
        for (int i = 0; i < 10; i++) {
            s.addRecentWorkspace(Path.of("/w" + i));
        }
        s.addRecentWorkspace(Path.of("/w5"));
        assertThat(s.recentWorkspaces()).hasSize(8).first().isEqualTo(Path.of("/w5"));
    }

    @Test
    void errorMessagesAreOneLineWithDetailsApart() {
        var e = new java.util.concurrent.ExecutionException(
                new dev.nsw.data.DataFormatException(Path.of("a.csv"), 3, "bad\nthing"));
        assertThat(ErrorMessages.oneLine(e)).isEqualTo("a.csv:3: bad");
        assertThat(ErrorMessages.details(e)).contains("DataFormatException").contains("Stack trace");
        assertThat(ErrorMessages.oneLine(new IllegalStateException())).isEqualTo("illegal state");
    }
}
