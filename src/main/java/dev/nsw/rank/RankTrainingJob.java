package dev.nsw.rank;

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
 * checkpoint when resuming), then the generic {@link Trainer} with a {@link CrossEncoderObjective}. The
 * output folder is the trainer's ({@code checkpoint/}, {@code final/} — a reranker folder —, {@code run.json}).
 *
 * @param baseModel bundled model name or model folder whose BERT is warm-started
 * @param triples the training examples (read, expanded or mined by the caller)
 * @param dataSettings what the examples are, for the run record (file, mining counts)
 */
public record RankTrainingJob(
        String baseModel,
        EncoderOptions encoderOptions,
        TrainingConfig config,
        List<RankingTriple> triples,
        Map<String, Object> dataSettings,
        Path outputDir,
        boolean resume) {

    public Trainer.Result run(TrainingListener listener, CancellationToken cancel) throws IOException {
        boolean resuming = Trainer.resuming(outputDir, resume);
        RunRecord record = new RunRecord()
                .setting("base_model", baseModel)
                .setting("model", "cross-encoder")
                .setting("max_seq_length", encoderOptions.maxSeqLength())
                .setting("train_examples", triples.size());
        dataSettings.forEach(record::setting);
        String start = resuming ? Trainer.checkpointModel(outputDir).toString() : baseModel;
        // when resuming, the head is replaced by the checkpoint's by the trainer
        try (CrossEncoder model = CrossEncoder.warmStart(start, encoderOptions, config.seed())) {
            return new Trainer<>(
                            new CrossEncoderObjective(model, config), config, outputDir, listener, cancel, null, record)
                    .train(triples, resuming);
        }
    }
}
