package dev.nsw.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nsw.encoder.Encoder;
import dev.nsw.encoder.EncoderOptions;
import dev.nsw.job.CancellationToken;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MlmTest {
    @TempDir
    Path tmp;

    @Test
    void maskingFollowsBertProportionsAndSkipsSpecialTokens() {
        // 2,000 rows of [CLS] 60 ordinary tokens [SEP] then 4 padding positions
        MlmMasking masking = new MlmMasking(103, new long[] {101, 102, 0}, 106, 21128, 0.15);
        int rows = 2000;
        long[][] ids = new long[rows][66];
        long[][] attention = new long[rows][66];
        Random r = new Random(1);
        for (int i = 0; i < rows; i++) {
            ids[i][0] = 101;
            attention[i][0] = 1;
            for (int j = 1; j <= 60; j++) {
                ids[i][j] = 106 + r.nextInt(20000);
                attention[i][j] = 1;
            }
            ids[i][61] = 102;
            attention[i][61] = 1;
        }
        MlmMasking.Masked m = masking.apply(ids, attention, new Random(7));
        double ordinary = rows * 60.0;
        assertThat(m.chosen() / ordinary).isCloseTo(0.15, within(0.005));
        assertThat((double) m.replacedByMask() / m.chosen()).isCloseTo(0.8, within(0.01));
        assertThat((double) m.replacedByRandom() / m.chosen()).isCloseTo(0.1, within(0.01));
        int unchangedChosen = 0;
        for (int i = 0; i < rows; i++) {
            assertThat(m.labels()[i][0]).isEqualTo(MlmMasking.IGNORE); // [CLS]
            assertThat(m.labels()[i][61]).isEqualTo(MlmMasking.IGNORE); // [SEP]
            assertThat(m.labels()[i][63]).isEqualTo(MlmMasking.IGNORE); // padding
            for (int j = 1; j <= 60; j++) {
                if (m.labels()[i][j] != MlmMasking.IGNORE) {
                    assertThat(m.labels()[i][j]).isEqualTo(ids[i][j]);
                    if (m.inputIds()[i][j] == ids[i][j]) {
                        unchangedChosen++;
                    }
                    assertThat(m.inputIds()[i][j]).isBetween(103L, 21127L);
                } else {
                    assertThat(m.inputIds()[i][j]).isEqualTo(ids[i][j]);
                }
            }
        }
        // the 10% kept as they are (a random replacement rarely draws the same id)
        assertThat((double) unchangedChosen / m.chosen()).isCloseTo(0.1, within(0.01));
    }

    @Test
    void atLeastOneTokenIsChosen() {
        MlmMasking masking = new MlmMasking(103, new long[] {101, 102, 0}, 106, 21128, 0.0);
        MlmMasking.Masked m = masking.apply(new long[][] {{101, 500, 102}}, new long[][] {{1, 1, 1}}, new Random(3));
        assertThat(m.chosen()).isEqualTo(1);
        assertThat(m.labels()[0][1]).isEqualTo(500);
    }

    @Test
    void mlmTrainingLowersTheLossAndCheckpointsTheHead() throws Exception {
        List<String> texts = new ArrayList<>();
        for (TrainingPair p : TinyEncoders.pairs().subList(0, 4)) {
            texts.add(p.query());
        }
        TrainingConfig config = TrainingConfig.inBatchDefaults()
                .withBatchSize(4)
                .withEpochs(30)
                .withLearningRate(5e-3)
                .withSaveSteps(10);
        try (Encoder encoder = TinyEncoders.create(5, 0f);
                MlmObjective mlm = new MlmObjective(encoder, config, 0.15)) {
            RunRecord record = new RunRecord();
            new Trainer<>(mlm, config, tmp, TrainingListener.NONE, CancellationToken.NEVER, null, record)
                    .train(texts, false);
            double[] losses = record.losses();
            double first = (losses[0] + losses[1] + losses[2]) / 3;
            double last = (losses[27] + losses[28] + losses[29]) / 3;
            assertThat(first).isGreaterThan(Math.log(21128) * 0.5); // a fresh head is near chance: ln V ≈ 9.96
            assertThat(last).isLessThan(first * 0.8);
            assertThat(Files.exists(tmp.resolve("checkpoint/head.safetensors"))).isTrue();
            try (Encoder reloaded = Encoder.load(
                    tmp.resolve("final"),
                    EncoderOptions.defaults().withMaxSeqLength(16).withThreads(1))) {
                assertThat(reloaded.embed(List.of("今天天气怎么样"))[0]).containsExactly(encoder.embed(List.of("今天天气怎么样"))[0]);
            }
        }
    }
}
