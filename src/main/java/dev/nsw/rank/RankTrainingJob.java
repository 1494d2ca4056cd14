package dev.nsw.rank;

import dev.nsw.data.RankingList;
import dev.nsw.data.RankingTriple;
import dev.nsw.encoder.EncoderOptions;
import dev.nsw.job.CancellationToken;
import dev.nsw.train.RunRecord;
import dev.nsw.train.Trainer;
import dev.nsw.train.TrainingConfig;
import dev.nsw.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Training a cross-encoder as the CLI and the GUI run it: warm-start from the base model (or reopen the
 * checkpoint when resuming), then the generic {@link Trainer} with the objective of the {@link RankLoss}: a
 * {@link CrossEncoderObjective} on one triple per (example, negative) for the margin loss, a
 * {@link ListwiseCrossEncoderObjective} on the examples themselves (a batch of B examples is B·(1+N)
 * sequences) for the listwise loss. The output folder is the trainer's ({@code checkpoint/}, {@code final/} —
 * a reranker folder —, {@code run.json}).
 *
 * @param baseModel bundled model name or model folder whose BERT is warm-started
 * @param examples the training examples (read, expanded or mined by the caller); for the listwise loss all
 *     with the same number of negatives
 * @param dataSettings what the examples are, for the run record (file, mining settings and counts)
 */
public record RankTrainingJob(
        String baseModel,
        EncoderOptions encoderOptions,
        TrainingConfig config,
        RankLoss loss,
        List<RankingList> examples,
        Map<String, Object> dataSettings,
        Path outputDir,
        boolean resume) {

    public RankTrainingJob {
        examples = List.copyOf(examples);
        if (loss == RankLoss.LISTWISE
                && examples.stream().map(e -> e.negatives().size()).distinct().count() > 1) {
            throw new IllegalArgumentException("the listwise loss needs the same number of negatives in every example");
        }
    }

    /** What the trainer iterates over: triples for the margin loss, the examples for the listwise loss. */
    public int trainingExamples() {
        return loss == RankLoss.MARGIN
                ? examples.stream().mapToInt(e -> e.negatives().size()).sum()
                : examples.size();
    }

    public Trainer.Result run(TrainingListener listener, CancellationToken cancel) throws IOException {
        boolean resuming = Trainer.resuming(outputDir, resume);
        RunRecord record = new RunRecord()
                .setting("base_model", baseModel)
                .setting("model", "cross-encoder")
                .setting("max_seq_length", encoderOptions.maxSeqLength())
                .setting("loss", loss.label())
                .setting(
                        "negatives",
                        examples.isEmpty() ? 0 : examples.get(0).negatives().size())
                .setting("train_examples", trainingExamples());
        if (loss == RankLoss.LISTWISE) {
            record.setting("temperature", ListwiseSoftmaxLoss.DEFAULT_TEMPERATURE);
        }
        dataSettings.forEach(record::setting);
        String start = resuming ? Trainer.checkpointModel(outputDir).toString() : baseModel;
        // when resuming, the head is replaced by the checkpoint's by the trainer
        try (CrossEncoder model = CrossEncoder.warmStart(start, encoderOptions, config.seed())) {
            if (loss == RankLoss.LISTWISE) {
                return new Trainer<>(
                                new ListwiseCrossEncoderObjective(model, config),
                                config,
                                outputDir,
                                listener,
                                cancel,
                                null,
                                record)
                        .train(examples, resuming);
            }
            List<RankingTriple> triples = RankingList.triples(examples);
            return new Trainer<>(
                            new CrossEncoderObjective(model, config), config, outputDir, listener, cancel, null, record)
                    .train(triples, resuming);
        }
    }
}
