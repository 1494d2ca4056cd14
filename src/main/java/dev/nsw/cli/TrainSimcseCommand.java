package dev.nsw.cli;

import dev.nsw.data.DataFile;
import dev.nsw.data.ReadOptions;
import dev.nsw.data.RecipeFiles;
import dev.nsw.data.TextLine;
import dev.nsw.train.TrainingConfig;
import dev.nsw.train.TrainingPair;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code nsw train simcse}: unsupervised SimCSE on one text a line (each text its own positive under dropout). */
@Command(name = "simcse", mixinStandardHelpOptions = true,
        description = {"Unsupervised SimCSE: each text is encoded twice with dropout and must find itself in the batch",
                "(recipe defaults: margin 0, scale 20, dropout 0.1 from the model's config)."})
public final class TrainSimcseCommand implements Callable<Integer> {
    @Mixin ContrastiveTrainOptions options;

    @Option(names = "--train_set_file", required = true, paramLabel = "FILE", description = "One text a line (train_unsupervise.csv).")
    Path trainFile;

    @Option(names = "--lenient", description = "Skip and count bad lines of the training file.")
    boolean lenient;

    @Override
    public Integer call() throws Exception {
        DataFile<TextLine> file = RecipeFiles.readTexts(trainFile, ReadOptions.of(lenient));
        List<TrainingPair> pairs = file.records().stream().map(t -> new TrainingPair(t.text(), t.text())).toList();
        return options.run("simcse", TrainingConfig.simcseDefaults(), pairs, trainFile);
    }
}
