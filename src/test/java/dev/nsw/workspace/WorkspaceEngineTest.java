package dev.nsw.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nsw.engine.EngineException;
import dev.nsw.engine.EngineTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine a workspace names: remembered in its settings file, read back on reopening, cleared, and a bad one. */
class WorkspaceEngineTest {
    @TempDir
    Path dir;

    @Test
    void namedEngineIsRememberedAcrossOpeningsAndCleared() throws Exception {
        Workspace ws = Workspace.open(dir);
        assertThat(WorkspaceEngine.of(ws)).isEmpty();
        var engine = new WorkspaceEngine(
                new EngineTarget("http://127.0.0.1:9200,http://127.0.0.1:9201", "helpdesk"), false, true);
        engine.saveTo(ws);

        Workspace again = Workspace.open(dir);
        assertThat(WorkspaceEngine.of(again)).contains(engine);
        assertThat(Files.readString(dir.resolve(Workspace.SETTINGS_FILE)))
                .contains("engine_index=helpdesk")
                .contains("engine_use=bm25");

        WorkspaceEngine.clear(again);
        assertThat(WorkspaceEngine.of(Workspace.open(dir))).isEmpty();
        assertThat(Files.readString(dir.resolve(Workspace.SETTINGS_FILE))).doesNotContain("engine_");
    }

    @Test
    void aSettingEditedBadlyReadsAsNoEngineWithOneLineSayingWhy() {
        Workspace ws = Workspace.open(dir);
        ws.putSetting(WorkspaceEngine.URLS, "not a url");
        ws.putSetting(WorkspaceEngine.INDEX, "helpdesk");
        assertThat(WorkspaceEngine.of(ws)).isEmpty();
        assertThat(WorkspaceEngine.problem(ws).orElseThrow())
                .contains(Workspace.SETTINGS_FILE)
                .doesNotContain("\n");
        assertThatThrownBy(() -> new WorkspaceEngine(new EngineTarget("http://127.0.0.1:9200", "x"), false, false))
                .isInstanceOf(EngineException.class);
    }
}
