package dev.nsw.rank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.nsw.data.RankingList;
import dev.nsw.job.CancellationToken;
import dev.nsw.train.RunRecord;
import dev.nsw.train.Trainer;
import dev.nsw.train.TrainingConfig;
import dev.nsw.train.TrainingListener;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListwiseSoftmaxLossTest {
    @TempDir
    Path tmp;

    /** [B = 3, 1 + N = 3]; column 0 the positive. Row 2 ranks the positive last, row 3 has a tie. */
    private static final float[][] LOGITS = {{2f, 1f, 0f}, {0.5f, 1.5f, -1f}, {-3f, -3f, 4f}};

    /** −log softmax(row / τ)[0], written out as log-sum-exp: log(Σ_j e^{s_j/τ}) − s_0/τ, in doubles. */
    private static double handLoss(float[][] logits, double tau) {
        double sum = 0;
        for (float[] row : logits) {
            double z = 0;
            for (float s : row) {
                z += Math.exp(s / tau);
            }
            sum += Math.log(z) - row[0] / tau;
        }
        return sum / logits.length;
    }

    @Test
    void matchesTheLogSumExpByHand() {
        // row 1: log(e^2 + e^1 + e^0) − 2 = log(11.1073) − 2 = 0.40761
        assertThat(Math.log(Math.exp(2) + Math.exp(1) + 1) - 2).isCloseTo(0.40761, within(1e-5));
        double expected = handLoss(LOGITS, 1);
        assertThat(new ListwiseSoftmaxLoss(1f).value(LOGITS)).isCloseTo(expected, within(1e-9));
        assertThat(new ListwiseSoftmaxLoss(2f).value(LOGITS)).isCloseTo(handLoss(LOGITS, 2), within(1e-9));
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            assertThat(new ListwiseSoftmaxLoss(1f).loss(m.create(LOGITS)).getFloat())
                    .isCloseTo((float) expected, within(1e-5f));
            assertThat(new ListwiseSoftmaxLoss(2f).loss(m.create(LOGITS)).getFloat())
                    .isCloseTo((float) handLoss(LOGITS, 2), within(1e-5f));
        }
    }

    @Test
    void gradientPushesThePositiveUpAndTheNegativesDown() {
        // d loss / d s_bj = (softmax_j(row b) − [j = 0]) / B: negative for the positive, positive for negatives
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray logits = m.create(LOGITS);
            logits.setRequiresGradient(true);
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                c.backward(new ListwiseSoftmaxLoss(1f).loss(logits));
            }
            float[] grad = logits.getGradient().toFloatArray();
            for (int b = 0; b < LOGITS.length; b++) {
                double z = 0;
                for (float s : LOGITS[b]) {
                    z += Math.exp(s);
                }
                for (int j = 0; j < 3; j++) {
                    double expected = (Math.exp(LOGITS[b][j]) / z - (j == 0 ? 1 : 0)) / LOGITS.length;
                    assertThat((double) grad[b * 3 + j]).isCloseTo(expected, within(1e-6));
                    if (j == 0) {
                        assertThat(grad[b * 3 + j]).isNegative();
                    } else {
                        assertThat(grad[b * 3 + j]).isPositive();
                    }
                }
            }
        }
    }

    @Test
    void oneStepOnATinyModelRaisesThePositivesLogitAndLowersTheLoss() throws Exception {
        List<RankingList> lists = List.of(
                new RankingList(1, "今天天气怎么样", "今日天气如何", List.of("红烧肉的做法", "感冒应该吃哪种药", "便宜机票在哪买")),
                new RankingList(2, "怎么学好英语", "如何提高英语水平", List.of("北京值得去的景点", "电脑无法启动怎么办", "今日天气如何")));
        List<String> queries = List.of("今天天气怎么样", "怎么学好英语");
        List<String> positives = List.of("今日天气如何", "如何提高英语水平");
        TrainingConfig config = CrossEncoderObjective.recipeDefaults()
                .withBatchSize(2)
                .withEpochs(1)
                .withLearningRate(1e-3);
        try (CrossEncoder ce = TinyCrossEncoders.create(21, 0f)) {
            float[] before = ce.score(queries, positives); // sigmoid(logit): rises exactly when the logit rises
            double lossBefore = listLoss(ce, lists);
            Trainer.Result r = new Trainer<>(
                            new ListwiseCrossEncoderObjective(ce, config),
                            config,
                            tmp.resolve("run"),
                            TrainingListener.NONE,
                            CancellationToken.NEVER,
                            null,
                            new RunRecord())
                    .train(lists, false);
            assertThat(r.steps()).isEqualTo(1);
            // the step's loss is the same quantity (up to the head's fixed 0.1 dropout): about log(4) untrained
            assertThat(r.firstLoss()).isCloseTo(lossBefore, within(0.1));
            float[] after = ce.score(queries, positives);
            for (int i = 0; i < before.length; i++) {
                assertThat(after[i]).as("positive of query %d", i).isGreaterThan(before[i]);
            }
            assertThat(listLoss(ce, lists)).isLessThan(lossBefore);
        }
    }

    /** The listwise loss of the model's logits (log-odds of its probabilities), computed by hand. */
    private static double listLoss(CrossEncoder ce, List<RankingList> lists) {
        float[][] logits = new float[lists.size()][];
        for (int b = 0; b < lists.size(); b++) {
            RankingList l = lists.get(b);
            List<String> texts = new java.util.ArrayList<>(List.of(l.positive()));
            texts.addAll(l.negatives());
            float[] p = ce.score(java.util.Collections.nCopies(texts.size(), l.query()), texts);
            logits[b] = new float[p.length];
            for (int j = 0; j < p.length; j++) {
                logits[b][j] = (float) Math.log(p[j] / (1.0 - p[j]));
            }
        }
        return handLoss(logits, 1);
    }

    @Test
    void rejectsBadShapesAndTemperatures() {
        assertThatThrownBy(() -> new ListwiseSoftmaxLoss(0f)).hasMessageContaining("temperature");
        assertThatThrownBy(() -> new ListwiseSoftmaxLoss(Float.NaN)).hasMessageContaining("temperature");
        assertThatThrownBy(() -> new ListwiseSoftmaxLoss(1f).value(new float[][] {{1f}}))
                .hasMessageContaining("at least one negative");
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            assertThatThrownBy(() -> new ListwiseSoftmaxLoss(1f).loss(m.create(new float[] {1f, 2f})))
                    .hasMessageContaining("[B, 1+N]");
        }
    }
}
