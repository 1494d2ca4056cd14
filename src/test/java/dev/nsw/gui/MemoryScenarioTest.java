package dev.nsw.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session with the real window and the bundled models stays below 2.5 GB of resident memory: {@link MemoryScenario}
 * (open the helpdesk sample → BM25 and dense index → search → Compare → Map → Scores → train → Compare the trained
 * model → the English BEIR sample → back) in a JVM of its own, started with the options the launcher gives the
 * window ({@code installer/workbench.jvm-options}), its peak read from the kernel ({@code VmHWM}). The curve goes to
 * {@code target/memory-scenario.txt}.
 */
class MemoryScenarioTest {
    /** The bound issue 23 sets for a session, whatever the user does. */
    static final long LIMIT_MB = 2500;

    @TempDir
    Path dir;

    @Test
    void aSessionStaysBelowTheLimit() throws Exception {
        Path zh = WorkspaceSwitchUiTest.copy(Path.of("sample-data", "zh-helpdesk"), dir.resolve("zh-helpdesk"));
        Path en = WorkspaceSwitchUiTest.copy(Path.of("sample-data", "en-beir"), dir.resolve("en-beir"));
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(launcherOptions());
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-modules")
                        || a.startsWith("--enable-native-access")
                        || a.startsWith("--sun-misc")
                        || a.startsWith("-Dai.djl")
                        || a.startsWith("-DDJL_CACHE_DIR")
                        || a.startsWith("-DENGINE_CACHE_DIR")
                        || a.startsWith("-Dnsw.onnxCache")
                        || a.startsWith("-Dglass.platform")
                        || a.startsWith("-Dprism.order")
                        || a.startsWith("-Djava.awt.headless"))
                .forEach(command::add);
        command.add("-Xss4m");
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add(MemoryScenario.class.getName());
        command.addAll(List.of(zh.toString(), en.toString(), "3"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (var r = p.inputReader(StandardCharsets.UTF_8)) {
            for (String l; (l = r.readLine()) != null; ) {
                lines.add(l);
            }
        }
        assertThat(p.waitFor(600, TimeUnit.SECONDS)).isTrue();
        List<String> curve = lines.stream()
                .filter(l ->
                        l.startsWith("step ") || l.startsWith("rss ") || l.startsWith("peak ") || l.startsWith("error"))
                .toList();
        Files.write(Path.of("target", "memory-scenario.txt"), curve, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(String.join("\n", lines)).isZero();
        assertThat(curve).anyMatch(l -> l.contains(" train 3 steps ")).anyMatch(l -> l.contains(" Compare trained "));
        // the "peak" line, wherever it stands: the sampler thread may print one more "rss" line after it
        long peak = curve.stream()
                .filter(l -> l.startsWith("peak "))
                .mapToLong(l -> Long.parseLong(l.substring("peak ".length()).trim()))
                .reduce((first, last) -> last)
                .orElseThrow(() -> new AssertionError("no peak line:\n" + String.join("\n", lines)));
        assertThat(peak)
                .as("peak RSS (MB) of the session:\n" + String.join("\n", curve))
                .isLessThan(LIMIT_MB);
    }

    /** The options ./nsw and the installer give the window (one a line, # comments). */
    static List<String> launcherOptions() throws Exception {
        return Files.readAllLines(Path.of("installer", "workbench.jvm-options")).stream()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList();
    }
}
