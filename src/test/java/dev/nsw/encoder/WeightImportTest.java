package dev.nsw.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nsw.io.NamedTensor;
import dev.nsw.io.Safetensors;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightImportTest {

    @Test
    void missingTensorIsNamed() {
        Map<String, NamedTensor> w = TinyModels.randomWeights(TinyModels.CONFIG, 1);
        w.remove("encoder.layer.1.attention.self.key.weight");
        assertThatThrownBy(() ->
                        Encoder.create("t", TinyModels.CONFIG, w, TinyModels.tokenizer(64), EncoderOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("missing tensor 'encoder.layer.1.attention.self.key.weight' (expected shape [32, 32])");
    }

    @Test
    void wrongShapeIsNamedWithBothShapes() {
        Map<String, NamedTensor> w = TinyModels.randomWeights(TinyModels.CONFIG, 1);
        w.put(
                "encoder.layer.0.intermediate.dense.weight",
                new NamedTensor("encoder.layer.0.intermediate.dense.weight", new long[] {32, 64}, new float[32 * 64]));
        assertThatThrownBy(() ->
                        Encoder.create("t", TinyModels.CONFIG, w, TinyModels.tokenizer(64), EncoderOptions.defaults()))
                .hasMessage("tensor 'encoder.layer.0.intermediate.dense.weight' has shape [32, 64], expected [64, 32]");
    }

    @Test
    void onnxImportNamesMatMulWeightsAndInfersTheConfig() throws Exception {
        OnnxGraph graph;
        try (InputStream in = PretrainedModel.BGE_SMALL_ZH_V15.openOnnx()) {
            graph = OnnxGraph.read(in);
        }
        Map<String, NamedTensor> w = WeightImport.fromOnnx(graph);
        assertThat(w)
                .containsKey("encoder.layer.3.attention.self.query.weight")
                .containsKey("encoder.layer.0.output.dense.weight")
                .noneSatisfy((k, v) -> assertThat(k).startsWith("onnx::"));
        assertThat(w.get("encoder.layer.0.intermediate.dense.weight").shape()).containsExactly(2048, 512);
        assertThat(w.get("encoder.layer.0.output.dense.weight").shape()).containsExactly(512, 2048);
        assertThat(WeightImport.inferHeads(graph, 512)).hasValue(8); // from the graph, not the table
        BertConfig c = WeightImport.inferConfig(graph, w, OptionalInt.empty());
        assertThat(c).isEqualTo(BertConfig.of(21128, 512, 4, 8, 2048, 512, 2));
    }

    @Test
    void configJsonRoundTripAndValidation() throws Exception {
        BertConfig c = TinyModels.CONFIG.withOutputEmbSize(256);
        assertThat(BertConfig.parse(c.toJson())).isEqualTo(c);
        assertThatThrownBy(() -> BertConfig.of(100, 30, 1, 4, 64, 128, 2))
                .hasMessageContaining("hidden_size 30")
                .hasMessageContaining("num_attention_heads 4");
        assertThatThrownBy(() -> BertConfig.parse("{\"hidden_size\": 32}")).hasMessageContaining("vocab_size");
    }

    @Test
    void safetensorsRoundTripAndHuggingFaceNames(@TempDir Path dir) throws Exception {
        Map<String, NamedTensor> w = Map.of(
                "bert.embeddings.LayerNorm.gamma",
                new NamedTensor(
                        "bert.embeddings.LayerNorm.gamma", new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, -6.5f}));
        Path f = dir.resolve("m.safetensors");
        Safetensors.write(f, w);
        Map<String, NamedTensor> back = WeightImport.normalizeHuggingFaceNames(Safetensors.read(f));
        assertThat(back).containsOnlyKeys("embeddings.LayerNorm.weight");
        assertThat(back.get("embeddings.LayerNorm.weight").data()).containsExactly(1, 2, 3, 4, 5, -6.5f);
        assertThat(back.get("embeddings.LayerNorm.weight").shape()).containsExactly(2, 3);
    }
}
