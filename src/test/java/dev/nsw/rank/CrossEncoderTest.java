package dev.nsw.rank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nsw.data.RankingTriple;
import dev.nsw.job.CancellationToken;
import dev.nsw.job.CancelledException;
import dev.nsw.train.RunRecord;
import dev.nsw.train.Trainer;
import dev.nsw.train.TrainingConfig;
import dev.nsw.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrossEncoderTest {
    @TempDir
    Path tmp;

    private static final List<String> Q = List.of("今天天气怎么样", "今天天气怎么样", "怎么学好英语", "怎么学好英语", "电脑开不了机");
    private static final List<String> T = List.of("今日天气如何", "红烧肉的做法", "如何提高英语水平", "北京值得去的景点", "电脑无法启动怎么办");

    @Test
    void scoresAreProbabilitiesIndependentOfBatching() throws Exception {
        try (CrossEncoder ce = TinyCrossEncoders.create(3, 0.1f)) {
            float[] all = ce.score(Q, T);
            assertThat(all).hasSize(5);
            for (float p : all) {
                assertThat(p).isStrictlyBetween(0f, 1f);
            }
            float[] one = ce.score(Q.subList(2, 3), T.subList(2, 3));
            assertThat(one[0]).isCloseTo(all[2], org.assertj.core.api.Assertions.within(1e-5f));
            assertThat(ce.score(List.of(), List.of())).isEmpty();
        }
    }

    @Test
    void saveLoadRoundTripGivesIdenticalScores() throws Exception {
        Path folder = tmp.resolve("reranker");
        try (CrossEncoder ce = TinyCrossEncoders.create(5, 0.1f)) {
            float[] before = ce.score(Q, T);
            ce.save(folder);
            ce.save(folder); // replacing an existing reranker is allowed
            assertThat(CrossEncoder.isReranker(folder)).isTrue();
            try (CrossEncoder loaded = CrossEncoder.load(folder, TinyCrossEncoders.options(), 0)) {
                assertThat(loaded.encoder().options().maxSeqLength()).isEqualTo(32);
                assertThat(loaded.score(Q, T)).containsExactly(before);
            }
        }
        try (var s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("reranker"); // no temporary folders left
        }
    }

    @Test
    void refusesToOverwriteAForeignFolderAndToLoadANonReranker() throws Exception {
        Path foreign = Files.createDirectories(tmp.resolve("foreign"));
        Files.writeString(foreign.resolve("notes.txt"), "mine");
        try (CrossEncoder ce = TinyCrossEncoders.create(5, 0f)) {
            assertThatThrownBy(() -> ce.save(foreign)).hasMessageContaining("not a reranker folder");
        }
        assertThatThrownBy(() -> CrossEncoder.load(foreign, TinyCrossEncoders.options(), 0))
                .hasMessageContaining("not a reranker folder");
    }

    @Test
    void cancellationStopsScoring() throws Exception {
        CancellationToken cancel = new CancellationToken();
        cancel.cancel();
        try (CrossEncoder ce = TinyCrossEncoders.create(3, 0f)) {
            assertThatThrownBy(() -> ce.score(Q, T, dev.nsw.job.ProgressListener.NONE, cancel))
                    .isInstanceOf(CancelledException.class);
        }
    }

    @Test
    void shortTrainingLowersTheLossAndSavesAReranker() throws Exception {
        List<RankingTriple> triples = TinyCrossEncoders.triples().subList(0, 4);
        TrainingConfig config = CrossEncoderObjective.recipeDefaults()
                .withBatchSize(4)
                .withEpochs(15)
                .withLearningRate(3e-3);
        RunRecord record = new RunRecord();
        try (CrossEncoder ce = TinyCrossEncoders.create(11, 0f)) {
            CrossEncoderObjective objective = new CrossEncoderObjective(ce, config);
            Trainer.Result r = new Trainer<>(
                            objective,
                            config,
                            tmp.resolve("run"),
                            TrainingListener.NONE,
                            CancellationToken.NEVER,
                            null,
                            record)
                    .train(triples, false);
            double[] losses = record.losses();
            assertThat(r.steps()).isEqualTo(15);
            assertThat(losses[0]).isGreaterThan(0.05);
            assertThat(losses[14]).isLessThan(losses[0] * 0.5);
            float[] p = ce.score(
                    triples.stream().map(RankingTriple::query).toList(),
                    triples.stream().map(RankingTriple::positive).toList());
            float[] n = ce.score(
                    triples.stream().map(RankingTriple::query).toList(),
                    triples.stream().map(RankingTriple::negative).toList());
            for (int i = 0; i < p.length; i++) {
                assertThat(p[i]).isGreaterThan(n[i]);
            }
            assertThat(CrossEncoder.isReranker(r.finalModel())).isTrue();
            assertThat(Files.isRegularFile(tmp.resolve("run/checkpoint/head.safetensors")))
                    .isTrue();
            try (CrossEncoder loaded = CrossEncoder.load(r.finalModel(), TinyCrossEncoders.options(), 0)) {
                assertThat(loaded.score(
                                triples.stream().map(RankingTriple::query).toList(),
                                triples.stream().map(RankingTriple::positive).toList()))
                        .containsExactly(p);
            }
        }
    }

    @Test
    void resumedTrainingReachesTheUninterruptedScores() throws Exception {
        TrainingConfig config = CrossEncoderObjective.recipeDefaults()
                .withBatchSize(2)
                .withEpochs(2)
                .withLearningRate(1e-3)
                .withSaveSteps(2);
        List<RankingTriple> triples = TinyCrossEncoders.triples();
        float[] expected;
        try (CrossEncoder ce = TinyCrossEncoders.create(4, 0.1f)) {
            new Trainer<>(
                            new CrossEncoderObjective(ce, config),
                            config,
                            tmp.resolve("straight"),
                            TrainingListener.NONE,
                            CancellationToken.NEVER,
                            null,
                            new RunRecord())
                    .train(triples, false);
            expected = ce.score(Q, T);
        }
        Path interrupted = tmp.resolve("interrupted");
        CancellationToken cancel = new CancellationToken();
        TrainingListener stopAfter4 = new TrainingListener() {
            @Override
            public void onStep(StepEvent step) {
                if (step.step() == 4) {
                    cancel.cancel();
                }
            }
        };
        try (CrossEncoder ce = TinyCrossEncoders.create(4, 0.1f)) {
            var first = new Trainer<>(
                    new CrossEncoderObjective(ce, config),
                    config,
                    interrupted,
                    stopAfter4,
                    cancel,
                    null,
                    new RunRecord());
            assertThatThrownBy(() -> first.train(triples, false)).isInstanceOf(CancelledException.class);
        }
        // reopen the checkpoint's BERT with a different fresh head: the trainer must restore the saved head
        try (CrossEncoder resumed = CrossEncoder.withNewHead(
                dev.nsw.encoder.Encoder.load(Trainer.checkpointModel(interrupted), TinyCrossEncoders.options()), 99)) {
            Trainer.Result r = new Trainer<>(
                            new CrossEncoderObjective(resumed, config),
                            config,
                            interrupted,
                            TrainingListener.NONE,
                            CancellationToken.NEVER,
                            null,
                            new RunRecord())
                    .train(triples, true);
            assertThat(r.steps()).isEqualTo(6);
            float[] actual = resumed.score(Q, T);
            for (int i = 0; i < expected.length; i++) {
                assertThat(actual[i]).isCloseTo(expected[i], org.assertj.core.api.Assertions.within(1e-5f));
            }
        }
    }
}
