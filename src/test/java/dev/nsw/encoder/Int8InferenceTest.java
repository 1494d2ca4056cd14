package dev.nsw.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * int8 inference: the export quantizes the encoder's linear layers, ONNX Runtime runs them on its integer
 * kernels, the vectors stay close to fp32, and the precision is part of the model id everywhere so that fp32
 * and int8 vectors are never mixed.
 */
class Int8InferenceTest {
    @TempDir
    Path tmp;

    /** Operator counts of the graph ONNX Runtime actually runs (after its fusions) for {@code onnx}. */
    static Map<String, Integer> optimizedOps(Path onnx, Path dumpTo) throws Exception {
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            so.setOptimizedModelFilePath(dumpTo.toString());
            OrtEnvironment.getEnvironment().createSession(onnx.toString(), so).close();
        }
        OnnxGraph graph;
        try (InputStream in = Files.newInputStream(dumpTo)) {
            graph = OnnxGraph.read(in);
        }
        Map<String, Integer> ops = new TreeMap<>();
        graph.nodes().forEach(n -> ops.merge(n.opType(), 1, Integer::sum));
        return ops;
    }

    @Test
    void int8ExportRunsOnIntegerKernelsCloseToFp32AndSaysSo() throws Exception {
        BertConfig config = TinyModels.CONFIG.withOutputEmbSize(16);
        EncoderOptions options = EncoderOptions.defaults().withMaxSeqLength(32).withThreads(1);
        List<String> texts = Sentences.all();
        try (Encoder encoder = Encoder.create(
                "tiny", config, TinyModels.randomWeights(config, 3), TinyModels.tokenizer(32), options)) {
            float[][] fp32 = encoder.embed(texts);
            Path folder = tmp.resolve("int8");
            ModelExport.Metadata meta = ModelExport.exportEncoder(encoder, folder, "test", Precision.INT8);
            assertThat(meta.precision()).isEqualTo(Precision.INT8);
            assertThat(meta.modelId()).isEqualTo(encoder.modelId() + "/int8");
            assertThat(Files.readString(folder.resolve(ModelExport.META_FILE))).contains("\"precision\" : \"int8\"");
            assertThat(ModelExport.read(folder).precision()).isEqualTo(Precision.INT8);

            try (OnnxRuntimeEncoder ort = OnnxRuntimeEncoder.openExport(folder, 0, 16, 1)) {
                assertThat(ort.precision()).isEqualTo(Precision.INT8);
                assertThat(ort.modelId()).isEqualTo(encoder.modelId() + "/int8");
                float[][] int8 = ort.embed(texts);
                double min = dev.nsw.index.Vectors.minRowCosine(fp32, int8);
                System.out.printf("int8 export of a tiny random model: min cosine to fp32 %.5f%n", min);
                assertThat(min).isGreaterThan(0.98).isLessThan(0.99999); // close, and really quantized
            }

            // what ONNX Runtime runs: every encoder Linear (6 per layer) as an integer matmul, no float weight matmul
            Map<String, Integer> ops = optimizedOps(folder.resolve("model.onnx"), tmp.resolve("optimized.onnx"));
            int integer = ops.getOrDefault("DynamicQuantizeMatMul", 0) + ops.getOrDefault("MatMulIntegerToFloat", 0);
            assertThat(integer).as(ops.toString()).isEqualTo(6 * config.numHiddenLayers());
            assertThat(ops).doesNotContainKey("MatMulInteger"); // all fused
        }
    }

    @Test
    void bundledBgeSmallZhInInt8StaysCloseToFp32() throws Exception {
        EncoderOptions options = EncoderOptions.defaults().withBatchSize(16).withThreads(2);
        Path cache = tmp.resolve("cache");
        List<String> texts = Sentences.all();
        try (TextEncoder fp32 =
                        InferenceRuntime.open("bge-small-zh-v1.5", options, InferenceRuntime.Choice.ONNX, cache);
                TextEncoder int8 = InferenceRuntime.open(
                        "bge-small-zh-v1.5",
                        options.withPrecision(Precision.INT8),
                        InferenceRuntime.Choice.ONNX,
                        cache)) {
            float[][] a = fp32.embed(texts);
            float[][] b = int8.embed(texts);
            double min = dev.nsw.index.Vectors.minRowCosine(a, b);
            System.out.printf("bge-small-zh int8 vs fp32 over %d sentences: min cosine %.5f%n", texts.size(), min);
            assertThat(min).isGreaterThan(0.985); // 0.990 measured; the shortest sentences move most
        }
    }

    @Test
    void precisionIsPartOfTheIdAndOfTheCacheEntry() throws Exception {
        Path model = TinyModels.savedModel(tmp.resolve("model"), 7, 16);
        Path cache = tmp.resolve("cache");
        EncoderOptions fp32 = EncoderOptions.defaults().withThreads(1);
        EncoderOptions int8 = fp32.withPrecision(Precision.INT8);
        assertThat(OnnxCache.entryFolder(cache, model.toString(), int8))
                .isNotEqualTo(OnnxCache.entryFolder(cache, model.toString(), fp32));
        String fp32Id;
        try (TextEncoder e = InferenceRuntime.open(model.toString(), fp32, InferenceRuntime.Choice.ONNX, cache)) {
            fp32Id = e.modelId();
            assertThat(e.precision()).isEqualTo(Precision.FP32);
        }
        for (int open = 0; open < 2; open++) { // the first open writes the int8 entry, the second runs it
            try (TextEncoder e = InferenceRuntime.open(model.toString(), int8, InferenceRuntime.Choice.AUTO, cache)) {
                assertThat(e).isInstanceOf(OnnxRuntimeEncoder.class);
                assertThat(e.precision()).isEqualTo(Precision.INT8);
                assertThat(e.modelId()).isEqualTo(fp32Id + "/int8").isNotEqualTo(fp32Id);
            }
        }
        assertThat(OnnxCache.find(OnnxCache.entryFolder(cache, model.toString(), int8)))
                .get()
                .extracting(OnnxCache.Entry::precision)
                .isEqualTo(Precision.INT8);
        try (TextEncoder e = InferenceRuntime.open(model.toString(), fp32, InferenceRuntime.Choice.ONNX, cache)) {
            assertThat(e.modelId()).as("the fp32 entry is still fp32").isEqualTo(fp32Id);
        }
    }

    @Test
    void int8IsRefusedOnTorchAndOfAnFp32Export() throws Exception {
        Path model = TinyModels.savedModel(tmp.resolve("model"), 7, 16);
        EncoderOptions int8 = EncoderOptions.defaults().withThreads(1).withPrecision(Precision.INT8);
        assertThatThrownBy(() -> InferenceRuntime.open(model.toString(), int8, InferenceRuntime.Choice.TORCH))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("int8 runs on ONNX Runtime only (--runtime onnx or auto); the DJL/PyTorch runtime is fp32");
        assertThatThrownBy(() -> Encoder.open(model.toString(), int8))
                .hasMessageContaining("the DJL/PyTorch encoder runs fp32 only");

        Path export = tmp.resolve("export");
        try (Encoder e = Encoder.open(model.toString(), int8.withPrecision(Precision.FP32))) {
            ModelExport.exportEncoder(e, export, "test");
        }
        assertThatThrownBy(() -> InferenceRuntime.open(
                        export.toString(), int8, InferenceRuntime.Choice.ONNX, tmp.resolve("cache")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is an fp32 export; int8 needs an int8 export (nsw export --quantize int8)");
    }
}
