package dev.nsw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nsw engine status|stop} on a folder no engine was started from (no cluster needed). */
class EngineCommandTest {
    @TempDir
    Path dir;

    @Test
    void statusAndStopReadTheDataFolderTheyAreGiven() {
        Path none = dir.resolve("never-started");
        CliRun status = CliRun.of("engine", "status", "--data", none.toString());
        assertThat(status.exit()).isEqualTo(1);
        assertThat(status.err().strip()).isEqualTo("nsw: error: no engine was started from " + none);
        // stop of an engine that is not running (never started, or stopped already): its goal holds, exit 0
        CliRun stop = CliRun.of("engine", "stop", "--data", none.toString());
        assertThat(stop.exit()).isZero();
        assertThat(stop.out().strip()).isEqualTo("no engine is running from " + none + ": nothing to stop");
        assertThat(stop.err()).isEmpty();
        for (String sub : new String[] {"start", "status", "stop"}) {
            assertThat(CliRun.of("engine", sub, "--help").out()).contains("--data=DIR");
        }
    }
}
