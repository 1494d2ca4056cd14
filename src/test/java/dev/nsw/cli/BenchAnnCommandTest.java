package dev.nsw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nsw.bench.SyntheticEmbeddings;
import dev.nsw.io.NpyFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BenchAnnCommandTest {
    @TempDir Path dir;

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new BenchAnnCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void syntheticRunPrintsTableAndJson() throws Exception {
        Path json = dir.resolve("r.json");
        Run r = run("--synthetic", "2000", "--dim", "32", "--query-count", "50", "--M", "8", "--ef_construction", "40",
                "--ef-sweep", "10", "--compare-distance", "0", "--json", json.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("exact (brute force)").contains("hnsw M8 efC40 ef10").contains("hnsw M8 efC40 ef100");
        assertThat(r.err()).contains("building HNSW");
        assertThat(Files.readString(json)).contains("\"recall\"").contains("\"qpsSingleThread\"");
    }

    @Test
    void embeddingsFileWithHeldOutQueries() throws Exception {
        Path npy = dir.resolve("corpus_embedding.npy");
        NpyFile.write(npy, new SyntheticEmbeddings(16, 5, 1).corpus(600));
        Run r = run("--embeddings", npy.toString(), "--query-count", "20", "--M", "8", "--ef_construction", "20",
                "--ef-sweep", "20", "--compare-distance", "0");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("580 x 16").contains("20 rows held out");
    }

    @Test
    void badUsageExitsWithTwo() {
        assertThat(run().code()).isEqualTo(2);
        assertThat(run("--synthetic", "10", "--embeddings", "x.npy").code()).isEqualTo(2);
        assertThat(run("--synthetic", "1").code()).isEqualTo(2);
    }
}
