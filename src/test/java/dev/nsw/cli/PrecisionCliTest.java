package dev.nsw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nsw.io.NpyFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --precision int8} on the commands that embed, and {@code nsw export --quantize int8}: int8 runs on ONNX
 * Runtime only, has its own model id, and never reads what was made at fp32 (index, corpus embedding cache).
 */
class PrecisionCliTest {
    @TempDir
    static Path dir;

    static Path model;
    static final String CORPUS = "sample-data/zh/corpus.csv";
    static final String PAIRS = "sample-data/zh/test.csv";

    @BeforeAll
    static void tinyModel() throws Exception {
        model = dev.nsw.encoder.TinyModels.savedModel(dir.resolve("model"), 4, 16);
    }

    private static CliRun embed(String... more) {
        return embedWith(model, more);
    }

    private static CliRun embedWith(Path modelOrExport, String... more) {
        return CliRun.of(concat(
                new String[] {"embed", "--model", modelOrExport.toString(), "--input", CORPUS, "--threads", "1"},
                more));
    }

    @Test
    void int8EmbedsCloseToFp32AndRefusesTorch() throws Exception {
        CliRun fp32 = embed("--output", dir.resolve("fp32.npy").toString());
        CliRun int8 = embed("--output", dir.resolve("int8.npy").toString(), "--precision", "int8");
        assertThat(fp32.exit()).as(fp32.err()).isZero();
        assertThat(int8.exit()).as(int8.err()).isZero();
        float[][] a = NpyFile.read(dir.resolve("fp32.npy"));
        float[][] b = NpyFile.read(dir.resolve("int8.npy"));
        assertThat(dev.nsw.index.Vectors.minRowCosine(a, b)).isGreaterThan(0.98).isLessThan(0.999999);

        CliRun torch = embed("--output", dir.resolve("x.npy").toString(), "--precision", "int8", "--runtime", "torch");
        assertThat(torch.exit()).isEqualTo(2);
        assertThat(torch.err()).contains("--precision int8 runs on ONNX Runtime only");
        CliRun bad = embed("--output", dir.resolve("x.npy").toString(), "--precision", "int4");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--precision: precision must be fp32 or int8, got 'int4'");
        assertThat(dir.resolve("x.npy")).doesNotExist();
    }

    @Test
    void anFp32IndexOrCacheIsNeverReadAtInt8() throws Exception {
        Path index = dir.resolve("index-fp32");
        CliRun built = CliRun.of(
                "index", "--model", model.toString(), "--corpus", CORPUS, "-o", index.toString(), "--threads", "1");
        assertThat(built.exit()).as(built.err()).isZero();
        String[] recall = {
            "recall", "--model", model.toString(), "--similar_text_pair", PAIRS, "--corpus", CORPUS, "--threads", "1"
        };
        CliRun atFp32 = CliRun.of(concat(recall, "--index", index.toString(), "--evaluate"));
        assertThat(atFp32.exit()).as(atFp32.err()).isZero();
        CliRun atInt8 = CliRun.of(concat(recall, "--index", index.toString(), "--precision", "int8", "--evaluate"));
        assertThat(atInt8.exit()).as(atInt8.err()).isEqualTo(1);
        assertThat(atInt8.err()).contains("/int8").contains("rebuild the index with that model");

        Path cache = dir.resolve("corpus.npy");
        Path sidecar = dir.resolve("corpus.npy.model-id");
        String[] search = {
            "search",
            "--model",
            model.toString(),
            "--similar_text_pair",
            PAIRS,
            "--corpus",
            CORPUS,
            "--threads",
            "1",
            "--corpus_embeddings",
            cache.toString()
        };
        CliRun first = CliRun.of(search);
        assertThat(first.exit()).as(first.err()).isZero();
        // the sidecar's first line is the embedding's identity: "embedding model=<id> … precision=fp32"
        String fp32Identity = Files.readString(sidecar).lines().findFirst().orElseThrow();
        assertThat(fp32Identity)
                .contains("model=sha256:")
                .contains("precision=fp32")
                .doesNotContain("/int8");
        String fp32Id = fp32Identity.replaceFirst(".*model=(\\S+).*", "$1");
        CliRun second = CliRun.of(concat(search, "--precision", "int8"));
        assertThat(second.exit()).as(second.err()).isZero();
        String int8Identity = Files.readString(sidecar).lines().findFirst().orElseThrow(); // re-embedded, not read
        assertThat(int8Identity).contains("model=" + fp32Id + "/int8 ").contains("precision=int8");
    }

    @Test
    void quantizedExportSaysInt8AndRefusesAnotherExplicitPrecision() throws Exception {
        Path export = dir.resolve("export-int8");
        CliRun r = CliRun.of(
                "export", "--model", model.toString(), "--output_path", export.toString(), "--quantize", "int8");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("sentence-encoder, int8, sha256:").contains("/int8");
        assertThat(Files.readString(export.resolve("nsw-export.json"))).contains("\"precision\" : \"int8\"");

        CliRun asIs = embedWith(export, "--output", dir.resolve("e.npy").toString());
        assertThat(asIs.exit()).as(asIs.err()).isZero(); // an export runs at its own precision
        CliRun fp32 = embedWith(export, "--output", dir.resolve("f.npy").toString(), "--precision", "fp32");
        assertThat(fp32.exit()).isEqualTo(2);
        assertThat(fp32.err()).contains("is an int8 export: --precision fp32 needs an fp32 export");

        CliRun badQuantize = CliRun.of(
                "export",
                "--model",
                model.toString(),
                "--output_path",
                dir.resolve("q").toString(),
                "--quantize",
                "fp32");
        assertThat(badQuantize.exit()).isEqualTo(2);
        assertThat(badQuantize.err()).contains("--quantize takes int8");
    }

    private static String[] concat(String[] head, String... more) {
        String[] args = java.util.Arrays.copyOf(head, head.length + more.length);
        System.arraycopy(more, 0, args, head.length, more.length);
        return args;
    }
}
