package dev.nsw.encoder;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opening a model on ONNX Runtime goes through the {@link OnnxCache}: the first open writes the graph once,
 * later opens run the cached file (no DJL), and both give the DJL encoder's vectors and model id.
 */
class OnnxCacheTest {
    @TempDir
    Path tmp;

    private static final List<String> TEXTS = List.of("如何学习深度学习", "今天天气怎么样", "北京的房价", "a b c");

    @Test
    void firstOpenWritesTheEntryLaterOpensRunIt() throws Exception {
        Path model = TinyModels.savedModel(tmp.resolve("model"), 7, 16);
        Path cache = tmp.resolve("cache");
        EncoderOptions options = EncoderOptions.defaults();
        float[][] djl;
        String djlId;
        try (Encoder e = Encoder.open(model.toString(), options)) {
            djl = e.embed(TEXTS);
            djlId = e.modelId();
        }

        float[][] first;
        try (TextEncoder onnx = InferenceRuntime.open(model.toString(), options, InferenceRuntime.Choice.ONNX, cache)) {
            assertThat(onnx).isInstanceOf(OnnxRuntimeEncoder.class);
            assertThat(onnx.modelId()).isEqualTo(djlId);
            first = onnx.embed(TEXTS);
        }
        assertThat(dev.nsw.index.Vectors.minRowCosine(djl, first)).isGreaterThan(0.9999);
        Path entry = OnnxCache.entryFolder(cache, model.toString(), options);
        assertThat(OnnxCache.find(entry)).isPresent();
        Path onnxFile = entry.resolve(OnnxCache.ONNX);
        FileTime written = FileTime.fromMillis(1_000_000L);
        Files.setLastModifiedTime(onnxFile, written);

        try (TextEncoder again =
                InferenceRuntime.open(model.toString(), options, InferenceRuntime.Choice.ONNX, cache)) {
            assertThat(again.modelId()).isEqualTo(djlId);
            assertThat(again.embed(TEXTS)).isDeepEqualTo(first);
        }
        assertThat(Files.getLastModifiedTime(onnxFile))
                .as("a hit does not rewrite the entry")
                .isEqualTo(written);
    }

    @Test
    void otherWeightsOrProjectionGetTheirOwnEntryAndAnIncompleteEntryIsRebuilt() throws Exception {
        Path a = TinyModels.savedModel(tmp.resolve("a"), 1, 16);
        Path b = TinyModels.savedModel(tmp.resolve("b"), 2, 16);
        Path cache = tmp.resolve("cache");
        EncoderOptions options = EncoderOptions.defaults();
        assertThat(OnnxCache.entryFolder(cache, a.toString(), options))
                .isNotEqualTo(OnnxCache.entryFolder(cache, b.toString(), options));
        assertThat(OnnxCache.entryFolder(cache, "bge-small-zh-v1.5", options))
                .isNotEqualTo(OnnxCache.entryFolder(cache, "bge-small-zh-v1.5", options.withOutputEmbSize(64)));

        String idB;
        try (TextEncoder e = InferenceRuntime.open(b.toString(), options, InferenceRuntime.Choice.ONNX, cache)) {
            idB = e.modelId();
        }
        Path entryB = OnnxCache.entryFolder(cache, b.toString(), options);
        Files.delete(entryB.resolve(OnnxCache.ENTRY)); // as if the process died before the entry was complete
        assertThat(OnnxCache.find(entryB)).isEmpty();
        try (TextEncoder e = InferenceRuntime.open(b.toString(), options, InferenceRuntime.Choice.ONNX, cache)) {
            assertThat(e.modelId()).isEqualTo(idB);
        }
        assertThat(OnnxCache.find(entryB)).isPresent();
        try (TextEncoder e = InferenceRuntime.open(a.toString(), options, InferenceRuntime.Choice.ONNX, cache)) {
            assertThat(e.modelId()).isNotEqualTo(idB);
        }
    }
}
