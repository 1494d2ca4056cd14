package dev.nsw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nsw.encoder.Encoder;
import dev.nsw.train.TinyEncoders;
import dev.nsw.train.TrainingPair;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nsw serve} usage errors and a short {@code nsw bench serve} run on loopback. */
class ServeCommandTest {
    @TempDir
    static Path dir;

    static Path corpus;
    static Path model;

    @BeforeAll
    static void data() throws Exception {
        List<String> lines = new ArrayList<>();
        for (TrainingPair p : TinyEncoders.pairs()) {
            lines.add(p.query());
            lines.add(p.positive());
        }
        corpus = dir.resolve("corpus.csv");
        Files.write(corpus, lines, StandardCharsets.UTF_8);
        model = dir.resolve("tiny");
        try (Encoder e = TinyEncoders.create(3, 0f)) {
            e.save(model);
        }
    }

    @Test
    void serveNeedsExactlyOneCorpus() {
        CliRun none = CliRun.of("serve", "--bm25_only");
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("give exactly one of --workspace DIR, --corpus FILE or --beir DIR");
        CliRun badPort = CliRun.of("serve", "--corpus", corpus.toString(), "--port", "70000", "--bm25_only");
        assertThat(badPort.exit()).isEqualTo(2);
        assertThat(badPort.err()).contains("--port must be from 0 to 65535");
        CliRun badModel = CliRun.of(
                "serve",
                "--corpus",
                corpus.toString(),
                "--model",
                dir.resolve("missing").toString());
        assertThat(badModel.exit()).isEqualTo(2);
        assertThat(badModel.err()).contains("unknown model");
        CliRun badMode = CliRun.of("bench", "serve", "--corpus", corpus.toString(), "--bm25_only", "--mode", "fuzzy");
        assertThat(badMode.exit()).isEqualTo(2);
        assertThat(badMode.err()).contains("--mode").contains("fuzzy");
    }

    @Test
    void serveAndBenchServeTakeTheServerOptionsFromOneMixin() {
        var mixin = picocli.CommandLine.Model.CommandSpec.forAnnotatedObject(new ServeOptions());
        List<String> names = mixin.options().stream().map(o -> o.longestName()).toList();
        assertThat(names).contains("--workspace", "--corpus", "--index", "--reranker", "--bm25_only");
        var root = NswCommand.commandLine();
        for (var command : List.of(
                root.getSubcommands().get("serve"),
                root.getSubcommands().get("bench").getSubcommands().get("serve"))) {
            assertThat(command.getCommandSpec().mixins()).containsKey("serve");
            assertThat(command.getCommandSpec().options().stream().map(o -> o.longestName()))
                    .containsAll(names);
        }
    }

    @Test
    void benchServeRunsEachLevelWithoutErrorsAndBadRequestsGet4xx() {
        CliRun r = CliRun.of(
                "bench",
                "serve",
                "--corpus",
                corpus.toString(),
                "--model",
                model.toString(),
                "--max_seq_length",
                "16",
                "--threads",
                "1",
                "--clients",
                "1,4",
                "--requests",
                "60",
                "--max_seconds",
                "60");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("POST /search, mode dense").contains("each got its 4xx JSON error");
        List<String> rows =
                r.out().lines().filter(l -> l.matches("\\s+[14] +60 +0 .*")).toList();
        assertThat(rows).hasSize(2);
    }
}
