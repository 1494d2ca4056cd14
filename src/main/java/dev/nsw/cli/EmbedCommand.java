package dev.nsw.cli;

import dev.nsw.data.ReadOptions;
import dev.nsw.data.RecipeFiles;
import dev.nsw.data.TextLine;
import dev.nsw.encoder.TextEncoder;
import dev.nsw.io.Fingerprint;
import dev.nsw.retrieval.EmbeddingFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code nsw embed}: embeds the lines of a text file into a float32 {@code .npy} matrix [n, d]. */
@Command(
        name = "embed",
        mixinStandardHelpOptions = true,
        description = "Embed texts (one per line, UTF-8) into a float32 .npy file of shape [texts, dim]; "
                + "row i is the i-th non-blank line, L2-normalised. Rows are written as they are made (memory holds one "
                + "chunk); a run that was interrupted resumes from its last complete chunk. Progress goes to stderr.")
public final class EmbedCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Mixin
    PrecisionOption precision;

    @Option(
            names = "--input",
            required = true,
            paramLabel = "FILE",
            description = "Texts, one per line (blank lines are skipped).")
    Path input;

    @Option(
            names = {"-o", "--output"},
            required = true,
            paramLabel = "FILE.npy",
            description = "Where to write the embeddings.")
    @Writes
    Path output;

    @Override
    public Integer call() throws Exception {
        List<String> texts = RecipeFiles.readTexts(input, ReadOptions.STRICT).records().stream()
                .map(TextLine::text)
                .toList();
        PrintWriter err = spec.commandLine().getErr();
        try (TextEncoder encoder = model.openForInference(precision)) {
            err.printf(
                    "embedding %d texts with %s (%s, dim %d)%n",
                    texts.size(), model.label(), encoder.modelId(), encoder.dimension());
            long t0 = System.nanoTime();
            // Rows go to disk as they are made; a run that was killed resumes from its last chunk.
            long resumed = EmbeddingFile.write(
                    encoder,
                    texts,
                    output,
                    Fingerprint.ofTexts(texts),
                    "texts",
                    ConsoleProgress.of(spec),
                    dev.nsw.job.CancellationToken.NEVER);
            double s = (System.nanoTime() - t0) / 1e9;
            err.printf(
                    "%nwrote %d x %d to %s in %.1f s (%.1f texts/s%s)%n",
                    texts.size(),
                    encoder.dimension(),
                    output,
                    s,
                    (texts.size() - resumed) / s,
                    resumed > 0 ? ", " + resumed + " rows resumed from an interrupted run" : "");
        }
        return 0;
    }
}
