package dev.nsw.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nsw.encoder.Encoder;
import dev.nsw.encoder.EncoderOptions;
import dev.nsw.encoder.ModelExport;
import dev.nsw.encoder.OnnxRuntimeEncoder;
import dev.nsw.job.CancellationToken;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The export of <em>trained</em> weights: after a few in-batch steps (which move BERT and the projection), the
 * exported ONNX file run by ONNX Runtime still reproduces the DJL encoder at cosine ≥ 0.9999 on ≥ 50 zh/en
 * sentences.
 */
class TrainedExportTest {
    @TempDir
    Path tmp;

    static List<String> sentences() {
        List<String> out = new ArrayList<>();
        for (TrainingPair p : TinyEncoders.pairs()) {
            out.add(p.query());
            out.add(p.positive());
        }
        String[] en = {
            "how do I reset my password",
            "What is the best way to learn machine learning?",
            "cheap flights to Tokyo",
            "Can dogs eat chocolate",
            "weather tomorrow in London",
            "neural search index",
            "The quick brown fox jumps over the lazy dog.",
            "a",
            "I love 北京 and 上海!",
            "COVID-19 vaccine side effects",
            "Why is the sky blue during the day and red at sunset?",
            "Python vs Java for data science",
            "how to cook rice without a rice cooker",
            "best laptop under 1000 dollars",
            "translate hello into Chinese",
            "what time is it in New York",
            "symptoms of the flu",
            "how many legs does a spider have",
            "who wrote Pride and Prejudice",
            "how to tie a tie",
            "recipe for chocolate chip cookies",
            "what is the capital of Australia",
            "how does a neural network learn",
            "is coffee bad for you",
            "fastest way to learn to type",
            "3.1415926 is pi",
            "email@example.com",
            "!!!???"
        };
        out.addAll(List.of(en));
        return out;
    }

    private double trainThenCompare(Encoder encoder, TrainingConfig config, String label) throws Exception {
        List<String> texts = sentences();
        assertThat(texts).hasSizeGreaterThanOrEqualTo(50);
        float[][] before = encoder.embed(texts);
        String idBefore = encoder.modelId();
        new Trainer<>(
                        new ContrastiveObjective("inbatch", encoder, config),
                        config,
                        tmp.resolve("run-" + label),
                        TrainingListener.NONE,
                        CancellationToken.NEVER,
                        null,
                        new RunRecord())
                .train(TinyEncoders.pairs(), false);
        float[][] after = encoder.embed(texts);
        assertThat(encoder.modelId()).isNotEqualTo(idBefore);
        assertThat(dev.nsw.index.Vectors.minRowCosine(before, after))
                .isLessThan(0.9999); // training moved the embeddings
        Path out = tmp.resolve("export-" + label);
        ModelExport.exportEncoder(encoder, out, "run-" + label);
        try (OnnxRuntimeEncoder ort = OnnxRuntimeEncoder.openExport(out, 0, 8, 1)) {
            assertThat(ort.modelId()).isEqualTo(encoder.modelId());
            double min = dev.nsw.index.Vectors.minRowCosine(after, ort.embed(texts));
            System.out.printf(
                    "export parity after training (%s): %d texts, min cosine %.7f%n", label, texts.size(), min);
            return min;
        }
    }

    @Test
    void tinyModelAfterTrainingStepsExportsExactly() throws Exception {
        try (Encoder encoder = TinyEncoders.create(21, 0.1f)) {
            TrainingConfig config = TrainingConfig.inBatchDefaults()
                    .withBatchSize(4)
                    .withEpochs(1)
                    .withLearningRate(1e-2);
            assertThat(trainThenCompare(encoder, config, "tiny")).isGreaterThanOrEqualTo(0.9999);
        }
    }

    @Test
    void bgeSmallZhWithProjectionAfterTrainingStepsExportsExactly() throws Exception {
        EncoderOptions options = EncoderOptions.defaults()
                .withMaxSeqLength(32)
                .withBatchSize(16)
                .withOutputEmbSize(64)
                .withThreads(2);
        try (Encoder encoder = Encoder.open("bge-small-zh-v1.5", options)) {
            TrainingConfig config = TrainingConfig.inBatchDefaults()
                    .withBatchSize(4)
                    .withEpochs(1)
                    .withMaxSteps(2)
                    .withLearningRate(1e-3);
            assertThat(trainThenCompare(encoder, config, "bge")).isGreaterThanOrEqualTo(0.9999);
        }
    }
}
