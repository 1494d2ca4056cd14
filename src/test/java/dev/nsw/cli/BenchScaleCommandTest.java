package dev.nsw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nsw.bench.SyntheticEmbeddings;
import dev.nsw.io.NpyFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nsw bench scale} at a size a test affords: every phase runs, and what it wrote is what it measured. */
class BenchScaleCommandTest {
    @TempDir
    Path dir;

    @Test
    void bothHalvesRunAndTheStreamedVectorsAreTheGeneratorsRows() throws Exception {
        Path json = dir.resolve("r.json");
        Path work = dir.resolve("work");
        CliRun r = CliRun.of(
                "bench",
                "scale",
                "--docs",
                "3000",
                "--dim",
                "32",
                "--query_count",
                "40",
                "--ef_sweep",
                "10,200",
                "--exact_queries",
                "5",
                "--save_index",
                "-o",
                work.toString(),
                "--json_file",
                json.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("exact search")
                .contains("HNSW ef 10")
                .contains("HNSW ef 200")
                .contains("BM25 query");
        // the file the exact and HNSW phases read is the generator's corpus, row for row
        assertThat(NpyFile.read(work.resolve("corpus.npy")))
                .isEqualTo(SyntheticEmbeddings.forCorpus(3000, 32, 42).corpus(3000));
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        JsonNode vectors = report.path("vectors");
        assertThat(vectors.path("n").asInt()).isEqualTo(3000);
        // a wide beam over 3,000 clustered vectors finds what exact search finds
        assertThat(vectors.path("hnsw").get(1).path("recall").asDouble()).isGreaterThan(0.98);
        assertThat(vectors.path("indexFileBytes").asLong()).isGreaterThan(3000L * 32 * 4);
        assertThat(vectors.path("phases")).hasSize(5);
        JsonNode bm25 = report.path("bm25");
        assertThat(bm25.path("n").asInt()).isEqualTo(3000);
        assertThat(bm25.path("queries").asInt()).isEqualTo(40);
        // every query rewords a sentence of its gold document: BM25 finds most of them
        assertThat(bm25.path("recallAtK").asDouble()).isGreaterThan(0.3);
        assertThat(Files.isDirectory(work.resolve("bm25"))).isTrue();
    }
}
