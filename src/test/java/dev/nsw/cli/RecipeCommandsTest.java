package dev.nsw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code src/test/shell/recipe-commands.sh} — the recipe's train, recall, evaluate, predict and export
 * commands exactly as its README writes them, {@code ./nsw} in place of {@code python} — on the sample data,
 * and checks what they leave behind.
 *
 * <p>Tagged {@code slow}: 42 in-batch steps of batch 64 on bge-small-zh, each saved as {@code model_<step>/}
 * (the command's {@code --save_steps 1}), take several minutes and ~4 GB of temporary disk on two cores. Run it
 * with {@code ./nsw test -Dnsw.excludedGroups= -Dtest=RecipeCommandsTest}.
 */
@Tag("slow")
class RecipeCommandsTest {
    @TempDir
    Path work;

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void theRecipesCommandsRunUnchanged() throws Exception {
        Path sample = Path.of("sample-data/zh").toAbsolutePath();
        Path recall = Files.createDirectories(work.resolve("recall"));
        // The recipe's command trains 3 epochs of batch 64 and then opens model_40: the sample's 150 pairs,
        // six times over (900 pairs, 14 batches an epoch), give 42 steps.
        List<String> train = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            train.addAll(Files.readAllLines(sample.resolve("train.csv")));
        }
        Files.write(recall.resolve("train.csv"), train, StandardCharsets.UTF_8);
        Files.copy(sample.resolve("test.csv"), recall.resolve("test.csv"));
        Files.copy(sample.resolve("corpus.csv"), recall.resolve("corpus.csv"));
        writeLauncher(work.resolve("nsw"));
        Path script = Files.copy(
                Path.of("src/test/shell/recipe-commands.sh").toAbsolutePath(), work.resolve("recipe-commands.sh"));

        Path log = work.resolve("log.txt");
        Process p = new ProcessBuilder("bash", script.toString())
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean finished = p.waitFor(28, TimeUnit.MINUTES);
        String output = Files.readString(log);
        assertThat(finished).as(output).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("== done").contains("note: --device cpu is the recipe's");

        assertThat(work.resolve("checkpoints/recall/model_40/model.safetensors"))
                .isRegularFile();
        assertThat(work.resolve("checkpoints/recall/model_42/model.safetensors"))
                .isRegularFile();

        // evaluate's R@50 equals the share of test pairs whose target is in the query's block of the result file.
        List<String[]> results = Files.readAllLines(work.resolve("recall_result_dir/recall_result.txt")).stream()
                .map(l -> l.split("\t"))
                .toList();
        Map<String, Set<String>> recalled = new HashMap<>();
        results.forEach(
                c -> recalled.computeIfAbsent(c[0], k -> new HashSet<>()).add(c[1]));
        List<String> test = Files.readAllLines(recall.resolve("test.csv"));
        long found = test.stream()
                .map(l -> l.split("\t"))
                .filter(c -> recalled.getOrDefault(c[0], Set.of()).contains(c[1]))
                .count();
        String expectedR50 = String.format(Locale.ROOT, "%.3f", 100.0 * found / test.size());
        String evaluateRow = output.lines()
                .filter(l -> l.startsWith("recall_result.txt"))
                .findFirst()
                .orElseThrow();
        assertThat(evaluateRow.trim().split("\\s+")[5]).isEqualTo(expectedR50);

        // predict: one cosine per pair of test.csv, between the "== predict" and "== export" markers.
        String predict = output.substring(output.indexOf("== predict"), output.indexOf("== export"));
        List<Double> cosines = predict.lines()
                .filter(l -> l.matches("-?\\d+\\.\\d+(E-?\\d+)?"))
                .map(Double::parseDouble)
                .collect(Collectors.toList());
        assertThat(cosines).hasSize(test.size()).allSatisfy(c -> assertThat(c).isBetween(-1.0, 1.0));

        // export: the recipe's export_model.py line leaves a self-contained ONNX folder of model_40.
        assertThat(work.resolve("output/model.onnx")).isRegularFile();
        assertThat(work.resolve("output/tokenizer.json")).isRegularFile();
        assertThat(Files.readString(work.resolve("output/nsw-export.json"))).contains("model_40");
    }

    /** An {@code ./nsw} for the script that runs this build's command line with this JVM's settings (no rebuild). */
    private static void writeLauncher(Path launcher) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> flags = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-modules")
                        || a.startsWith("--enable-native-access")
                        || a.startsWith("--sun-misc")
                        || a.startsWith("-Dai.djl")
                        || a.startsWith("-DDJL_CACHE_DIR")
                        || a.startsWith("-DENGINE_CACHE_DIR"))
                .map(a -> "'" + a + "'")
                .toList();
        String script = "#!/usr/bin/env bash\nexport OMP_WAIT_POLICY=PASSIVE\nexec '" + java + "' -Xmx3g "
                + String.join(" ", flags) + " -cp '" + classPath + "' dev.nsw.Main \"$@\"\n";
        Files.writeString(launcher, script);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
