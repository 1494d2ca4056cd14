package dev.nsw.cli;

import dev.nsw.train.Strategy;
import dev.nsw.train.TrainingJob;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code nsw train}: the recipe's training stages, alone or chained. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description =
                "Train the dual-tower encoder: in-batch negatives, SimCSE, MLM pre-training, or the chain of them.",
        subcommands = {
            TrainCommand.InBatch.class,
            TrainCommand.Simcse.class,
            TrainCommand.Mlm.class,
            TrainCommand.Pipeline.class
        })
public final class TrainCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
            name = "inbatch",
            mixinStandardHelpOptions = true,
            description = {
                "In-batch negatives on query \\t similar-text pairs: cosine matrix [B×B], margin off the diagonal,",
                "times scale, cross-entropy (recipe: margin 0.2, scale 30, batch 64, lr 5e-5, 3 epochs, emb 256)."
            })
    static final class InBatch implements Callable<Integer> {
        @Mixin
        TrainOptions options;

        @Option(
                names = "--train_set_file",
                required = true,
                paramLabel = "FILE",
                description = "Pairs: query \\t similar text.")
        Path trainFile;

        @Override
        public Integer call() throws Exception {
            return options.run(List.of(options.job(Strategy.INBATCH, trainFile, options.saveDir, options.devSet())));
        }
    }

    @Command(
            name = "simcse",
            mixinStandardHelpOptions = true,
            description = {
                "Unsupervised SimCSE: each text is encoded twice with dropout and must find itself in the batch",
                "(recipe: margin 0, scale 20, dropout 0.1 from the model's config)."
            })
    static final class Simcse implements Callable<Integer> {
        @Mixin
        TrainOptions options;

        @Option(
                names = "--train_set_file",
                required = true,
                paramLabel = "FILE",
                description = "One text a line (train_unsupervise.csv).")
        Path trainFile;

        @Override
        public Integer call() throws Exception {
            return options.run(List.of(options.job(Strategy.SIMCSE, trainFile, options.saveDir, options.devSet())));
        }
    }

    @Command(
            name = "mlm",
            mixinStandardHelpOptions = true,
            description = {
                "Domain-adaptive pre-training: masked-language modelling (15%% of tokens, 80/10/10) on unlabelled",
                "text, with a new head whose decoder is tied to the word embeddings."
            })
    static final class Mlm implements Callable<Integer> {
        @Mixin
        TrainOptions options;

        @Option(names = "--train_set_file", required = true, paramLabel = "FILE", description = "One text a line.")
        Path trainFile;

        @Override
        public Integer call() throws Exception {
            return options.run(List.of(options.job(Strategy.MLM, trainFile, options.saveDir, options.devSet())));
        }
    }

    @Command(
            name = "pipeline",
            mixinStandardHelpOptions = true,
            description = {
                "The chain DAPT (MLM) → SimCSE → in-batch, each stage warm-starting from the last one's final model.",
                "Stage outputs go to <save_dir>/mlm, /simcse and /inbatch; --epochs applies to every stage unless the",
                "stage's own option is given."
            })
    static final class Pipeline implements Callable<Integer> {
        @Mixin
        TrainOptions options;

        @Option(
                names = "--unsupervised_file",
                required = true,
                paramLabel = "FILE",
                description = "One text a line, for MLM and SimCSE.")
        Path unsupervised;

        @Option(
                names = "--train_set_file",
                required = true,
                paramLabel = "FILE",
                description = "Pairs for the in-batch stage.")
        Path pairs;

        @Option(
                names = "--stages",
                defaultValue = "mlm,simcse,inbatch",
                split = ",",
                paramLabel = "STAGE",
                completionCandidates = EnumChoices.Stages.class,
                description = "Stages to run, in order: mlm, simcse, inbatch.")
        List<Strategy> stages;

        @Option(names = "--mlm_epochs", description = "Epochs of the MLM stage (default: --epochs, else 1).")
        Integer mlmEpochs;

        @Option(names = "--simcse_epochs", description = "Epochs of the SimCSE stage (default: --epochs, else 1).")
        Integer simcseEpochs;

        @Option(names = "--inbatch_epochs", description = "Epochs of the in-batch stage (default: --epochs, else 3).")
        Integer inbatchEpochs;

        @Override
        public Integer call() throws Exception {
            var dev = options.devSet();
            List<TrainingJob> jobs = new ArrayList<>();
            for (Strategy strategy : stages) {
                Path file = strategy.usesPairs() ? pairs : unsupervised;
                Integer stageEpochs = switch (strategy) {
                    case MLM -> mlmEpochs;
                    case SIMCSE -> simcseEpochs;
                    case INBATCH -> inbatchEpochs;
                };
                jobs.add(options.job(strategy, file, options.saveDir.resolve(strategy.cliName()), dev)
                        .withEpochs(stageEpochs));
            }
            return options.run(jobs);
        }
    }
}
