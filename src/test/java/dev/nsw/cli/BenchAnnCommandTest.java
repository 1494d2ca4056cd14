package dev.nsw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nsw.bench.SyntheticEmbeddings;
import dev.nsw.io.NpyFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchAnnCommandTest {
    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "bench";
        all[1] = "ann";
        System.arraycopy(args, 0, all, 2, args.length);
        return CliRun.of(all);
    }

    @Test
    void syntheticRunPrintsTableAndJson() throws Exception {
        Path json = dir.resolve("r.json");
        CliRun r = run(
                "--synthetic",
                "2000",
                "--dim",
                "32",
                "--query_count",
                "50",
                "--hnsw_m",
                "8",
                "--hnsw_ef_construction",
                "40",
                "--ef_sweep",
                "10",
                "--compare_distance",
                "0",
                "--json_file",
                json.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("exact (brute force)")
                .contains("hnsw M8 efC40 ef10")
                .contains("hnsw M8 efC40 ef100");
        assertThat(r.err()).contains("building HNSW");
        assertThat(Files.readString(json)).contains("\"recall\"").contains("\"qpsSingleThread\"");
    }

    @Test
    void embeddingsFileWithHeldOutQueries() throws Exception {
        Path npy = dir.resolve("corpus_embedding.npy");
        NpyFile.write(npy, new SyntheticEmbeddings(16, 5, 1).corpus(600));
        CliRun r = run(
                "--embeddings",
                npy.toString(),
                "--query_count",
                "20",
                "--hnsw_m",
                "8",
                "--hnsw_ef_construction",
                "20",
                "--ef_sweep",
                "20",
                "--compare_distance",
                "0");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("580 x 16").contains("20 rows held out");
    }

    @Test
    void badUsageExitsWithTwo() {
        assertThat(run().exit()).isEqualTo(2);
        assertThat(run("--synthetic", "10", "--embeddings", "x.npy").exit()).isEqualTo(2);
        assertThat(run("--synthetic", "1").exit()).isEqualTo(2);
    }
}
