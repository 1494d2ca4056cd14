package dev.nsw.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nsw export}'s graph: ONNX Runtime running the exported file reproduces the DJL encoder's embeddings
 * (projection and L2 norm included), and nsw's own ONNX reader reads the weights back.
 */
class OnnxExportTest {
    @TempDir
    Path tmp;

    /** Exports, runs the file on ONNX Runtime and returns the minimum cosine against DJL over {@code texts}. */
    static double exportedParity(Encoder encoder, Path folder, List<String> texts) throws Exception {
        float[][] djl = encoder.embed(texts);
        ModelExport.exportEncoder(encoder, folder, "test");
        try (OnnxRuntimeEncoder ort = OnnxRuntimeEncoder.openExport(folder, 0, 16, 2)) {
            assertThat(ort.dimension()).isEqualTo(encoder.dimension());
            assertThat(ort.modelId()).isEqualTo(encoder.modelId());
            float[][] onnx = ort.embed(texts);
            for (float[] row : onnx) {
                double norm = 0;
                for (float v : row) {
                    norm += v * v;
                }
                assertThat(norm).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-5));
            }
            return dev.nsw.index.Vectors.minRowCosine(djl, onnx);
        }
    }

    @Test
    void tinyModelWithProjectionRunsOnOnnxRuntime() throws Exception {
        BertConfig config = TinyModels.CONFIG.withOutputEmbSize(16);
        EncoderOptions options = EncoderOptions.defaults().withMaxSeqLength(32).withThreads(1);
        try (Encoder encoder = Encoder.create(
                "tiny", config, TinyModels.randomWeights(config, 3), TinyModels.tokenizer(32), options)) {
            List<String> texts = Sentences.all();
            assertThat(texts).hasSizeGreaterThanOrEqualTo(50);
            double min = exportedParity(encoder, tmp.resolve("out"), texts);
            System.out.printf("export parity tiny+projection: %d texts, min cosine %.7f%n", texts.size(), min);
            assertThat(min).isGreaterThanOrEqualTo(0.9999);
            Path out = tmp.resolve("out");
            assertThat(out.resolve("tokenizer.json")).exists();
            assertThat(BertConfig.read(out.resolve("config.json"))).isEqualTo(config);
            assertThat(Files.readString(out.resolve("nsw-export.json")))
                    .contains("\"dimension\" : 16")
                    .contains("\"pooling\" : \"cls\"");
        }
    }

    @Test
    void exportedGraphReadsBackAsTheSameWeights() throws Exception {
        BertConfig config = TinyModels.CONFIG.withOutputEmbSize(8);
        EncoderOptions options = EncoderOptions.defaults().withMaxSeqLength(32).withThreads(1);
        try (Encoder encoder = Encoder.create(
                "tiny", config, TinyModels.randomWeights(config, 5), TinyModels.tokenizer(32), options)) {
            ModelExport.exportEncoder(encoder, tmp.resolve("x"), "test");
            OnnxGraph graph = OnnxGraph.parse(Files.readAllBytes(tmp.resolve("x/model.onnx")));
            var read = WeightImport.fromOnnx(graph);
            var original = WeightImport.export(encoder.block());
            assertThat(WeightImport.inferConfig(graph, read, OptionalInt.empty())
                            .numAttentionHeads())
                    .isEqualTo(4);
            for (var e : original.entrySet()) {
                assertThat(read).containsKey(e.getKey());
                assertThat(read.get(e.getKey()).shape()).isEqualTo(e.getValue().shape());
                assertThat(read.get(e.getKey()).data()).isEqualTo(e.getValue().data());
            }
        }
    }

    @Test
    void refusesToWriteIntoAForeignFolder() throws Exception {
        Path foreign = tmp.resolve("mine");
        Files.createDirectories(foreign);
        Files.writeString(foreign.resolve("notes.txt"), "keep me");
        try (Encoder encoder = TinyModels.encoder(
                1, EncoderOptions.defaults().withMaxSeqLength(16).withThreads(1))) {
            assertThatThrownBy(() -> ModelExport.exportEncoder(encoder, foreign, "test"))
                    .hasMessageContaining("is not an nsw export");
            assertThat(Files.readString(foreign.resolve("notes.txt"))).isEqualTo("keep me");
            // an existing export is replaced
            ModelExport.exportEncoder(encoder, tmp.resolve("e"), "first");
            ModelExport.exportEncoder(encoder, tmp.resolve("e"), "second");
            assertThat(ModelExport.read(tmp.resolve("e")).source()).isEqualTo("second");
        }
    }

    @Test
    void aModelFileSwappedInFromAnotherExportIsRefused() throws Exception {
        EncoderOptions options = EncoderOptions.defaults().withMaxSeqLength(16).withThreads(1);
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        try (Encoder ea = TinyModels.encoder(1, options);
                Encoder eb = TinyModels.encoder(2, options)) {
            ModelExport.exportEncoder(ea, a, "a");
            ModelExport.exportEncoder(eb, b, "b");
        }
        String sha = ModelExport.read(a).onnxSha256();
        assertThat(sha).hasSize(64);
        assertThat(Files.readString(a.resolve(ModelExport.META_FILE))).contains("\"onnx_sha256\" : \"" + sha + "\"");
        try (OnnxRuntimeEncoder ok = OnnxRuntimeEncoder.openExport(a, 0, 4, 1)) {
            assertThat(ok.embed(List.of("好"))).hasDimensions(1, 32);
        }

        Files.copy(
                b.resolve(ModelExport.ONNX_FILE),
                a.resolve(ModelExport.ONNX_FILE),
                StandardCopyOption.REPLACE_EXISTING);
        for (InferenceRuntime.Choice choice : InferenceRuntime.Choice.values()) {
            if (choice == InferenceRuntime.Choice.TORCH) {
                continue; // an export never runs on torch
            }
            assertThatThrownBy(() -> InferenceRuntime.open(a.toString(), options, choice, tmp.resolve("cache")))
                    .isInstanceOf(java.io.IOException.class)
                    .hasMessageContaining(
                            a.resolve("model.onnx") + " is not the model file nsw-export.json was written for")
                    .hasMessageContaining("export the model again")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
    }

    @Test
    void bundledBgeSmallZhWithProjectionRunsOnOnnxRuntime() throws Exception {
        EncoderOptions options = EncoderOptions.defaults()
                .withBatchSize(16)
                .withOutputEmbSize(256)
                .withThreads(2);
        try (Encoder encoder = Encoder.pretrained(PretrainedModel.BGE_SMALL_ZH_V15, options)) {
            List<String> texts = Sentences.all();
            double min = exportedParity(encoder, tmp.resolve("bge"), texts);
            System.out.printf(
                    "export parity bge-small-zh + 256 projection: %d texts, min cosine %.7f%n", texts.size(), min);
            assertThat(min).isGreaterThanOrEqualTo(0.9999);
        }
    }
}
