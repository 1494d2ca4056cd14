package dev.nsw.cli;

import dev.nsw.data.DataFile;
import dev.nsw.data.ReadOptions;
import dev.nsw.data.RecipeFiles;
import dev.nsw.data.TextPair;
import dev.nsw.train.TrainingConfig;
import dev.nsw.train.TrainingPair;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code nsw train inbatch}: supervised in-batch negatives on (query, similar text) pairs (train_batch_neg.py). */
@Command(name = "inbatch", mixinStandardHelpOptions = true,
        description = {"In-batch negatives on query \\t similar-text pairs: cosine matrix [B×B], margin off the diagonal,",
                "times scale, cross-entropy (recipe defaults: margin 0.2, scale 30, batch 64, lr 5e-5, 3 epochs)."})
public final class TrainInBatchCommand implements Callable<Integer> {
    @Mixin ContrastiveTrainOptions options;

    @Option(names = "--train_set_file", required = true, paramLabel = "FILE", description = "Pairs: query \\t similar text.")
    Path trainFile;

    @Option(names = "--lenient", description = "Skip and count bad lines of the training file.")
    boolean lenient;

    @Override
    public Integer call() throws Exception {
        DataFile<TextPair> file = RecipeFiles.readPairs(trainFile, ReadOptions.of(lenient));
        List<TrainingPair> pairs = file.records().stream().map(p -> new TrainingPair(p.query(), p.target())).toList();
        return options.run("inbatch", TrainingConfig.inBatchDefaults(), pairs, trainFile);
    }
}
