package dev.nsw.encoder;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The DJL encoder reproduces ONNX Runtime on the same bundled ONNX weights (CLS, no projection, L2). */
class EncoderParityTest {

    private static void checkParity(PretrainedModel model, List<String> texts) throws Exception {
        EncoderOptions options = EncoderOptions.defaults().withBatchSize(16).withOutputEmbSize(0);
        float[][] djl;
        try (Encoder encoder = Encoder.pretrained(model, options)) {
            djl = encoder.embed(texts);
            assertThat(encoder.dimension()).isEqualTo(djl[0].length);
        }
        // texts 0 and 1 are paraphrases in both lists; text 7 is unrelated to text 0
        double paraphrase = EncoderTest.dot(djl[0], djl[1]);
        double unrelated = EncoderTest.dot(djl[0], djl[7]);
        System.out.printf("%s: paraphrase cosine %.3f, unrelated %.3f%n", model.id(), paraphrase, unrelated);
        assertThat(paraphrase).isGreaterThan(unrelated);
        float[][] ort;
        try (OnnxRuntimeEncoder reference = OnnxRuntimeEncoder.pretrained(model, 64, 16, 2)) {
            ort = reference.embed(texts);
        }
        assertThat(djl.length).isEqualTo(ort.length);
        double min = dev.nsw.index.Vectors.minRowCosine(djl, ort);
        System.out.printf("parity %s: %d texts, min cosine %.7f%n", model.id(), texts.size(), min);
        assertThat(min).isGreaterThanOrEqualTo(0.9999);
    }

    @Test
    void bgeSmallZhMatchesOnnxRuntime() throws Exception {
        List<String> texts = Sentences.all();
        assertThat(texts).hasSizeGreaterThanOrEqualTo(50);
        checkParity(PretrainedModel.BGE_SMALL_ZH_V15, texts);
    }

    @Test
    void bundledModelSavedAsFolderLoadsBackIdentically(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        List<String> texts = Sentences.CHINESE.subList(0, 8);
        EncoderOptions options = EncoderOptions.defaults().withOutputEmbSize(0);
        float[][] before;
        String id;
        try (Encoder encoder = Encoder.open("bge-small-zh-v1.5", options)) {
            before = encoder.embed(texts);
            id = encoder.modelId();
            encoder.save(dir.resolve("bge"));
        }
        try (Encoder loaded = Encoder.open(dir.resolve("bge").toString(), options)) {
            assertThat(loaded.config().numAttentionHeads()).isEqualTo(8);
            assertThat(loaded.modelId()).isEqualTo(id);
            assertThat(loaded.embed(texts)).isDeepEqualTo(before);
        }
    }

    @Test
    void bgeSmallEnMatchesOnnxRuntime() throws Exception {
        checkParity(PretrainedModel.BGE_SMALL_EN_V15, Sentences.ENGLISH);
    }
}
