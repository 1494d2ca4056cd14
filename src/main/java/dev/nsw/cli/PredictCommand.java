package dev.nsw.cli;

import dev.nsw.data.DataFormatException;
import dev.nsw.data.ReadOptions;
import dev.nsw.data.RecipeFiles;
import dev.nsw.data.TextLine;
import dev.nsw.encoder.TextEncoder;
import dev.nsw.job.CancellationToken;
import dev.nsw.retrieval.DenseRecall;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code nsw predict}: cosine similarity of each text pair in a TSV file, one per line on stdout, like the
 * recipe's {@code predict.py}.
 */
@Command(
        name = "predict",
        mixinStandardHelpOptions = true,
        description = "Print the cosine similarity of each pair (text_a<TAB>text_b[<TAB>ignored...]) of a TSV "
                + "file, one number per line on stdout; progress on stderr.")
public final class PredictCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Mixin
    PrecisionOption precision;

    @CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
    Input inputFile;

    /** {@code --input}, required; a group so that the recipe's hidden {@code --text_pair_file} satisfies it too. */
    static final class Input {
        @Option(names = "--input", paramLabel = "FILE", description = "Pairs, tab-separated, one per line.")
        Path path;

        @Option(names = "--text_pair_file", hidden = true, paramLabel = "FILE")
        void recipeInput(Path file) {
            path = file;
        }
    }

    @Option(names = "--batch_size", paramLabel = "N", description = "The recipe's name for --encode_batch_size.")
    Integer batchSize;

    @Mixin
    RecipeFlags recipe;

    @Override
    public Integer call() throws Exception {
        Path input = inputFile.path;
        List<TextLine> lines = RecipeFiles.readTexts(input, ReadOptions.STRICT).records();
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        for (TextLine line : lines) {
            String[] cols = line.text().split("\t", -1);
            if (cols.length < 2) {
                throw new DataFormatException(
                        input, line.line(), "expected two tab-separated texts, found " + cols.length + " column");
            }
            first.add(cols[0]);
            second.add(cols[1]);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (batchSize != null) {
            model.encodeBatchSize = batchSize;
        }
        try (TextEncoder encoder = model.openForInference(precision)) {
            for (float cosine : DenseRecall.pairCosines(
                    encoder, first, second, ConsoleProgress.of(spec), CancellationToken.NEVER)) {
                out.println(cosine);
            }
            out.flush();
        }
        return 0;
    }
}
