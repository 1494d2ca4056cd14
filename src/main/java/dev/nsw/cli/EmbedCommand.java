package dev.nsw.cli;

import dev.nsw.data.ReadOptions;
import dev.nsw.data.RecipeFiles;
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
        description = {
            "Embed texts (one per line, UTF-8) into a float32 .npy file of shape [texts, dim]; row i is the i-th non-blank"
                    + " line (or document of --corpus / --beir), L2-normalised. Rows are written as they are made (memory"
                    + " holds one chunk); a run that was interrupted resumes from its last complete chunk. Progress goes"
                    + " to stderr.",
            "With --spark MASTER a Spark job embeds the texts in shards, one model per executor, into a folder that"
                    + " push, index and recall --corpus_embeddings read as one matrix (bit for bit what the plain command"
                    + " writes); run again, it embeds only the shards not finished. --threads is then per task."
        })
public final class EmbedCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Mixin
    PrecisionOption precision;

    /** What to embed: lines of a file, or the documents of a corpus as recall and push see them. */
    static final class Source {
        @Option(
                names = "--input",
                required = true,
                paramLabel = "FILE",
                description = "Texts, one per line (blank lines are skipped).")
        Path input;

        @Option(
                names = "--corpus",
                required = true,
                paramLabel = "FILE",
                description = "A recipe corpus file: its documents in corpus order (duplicates dropped), the texts"
                        + " recall, index and push bind embeddings to.")
        Path corpus;

        @Option(
                names = "--beir",
                required = true,
                paramLabel = "DIR",
                description = "A BEIR folder: the documents of its corpus.jsonl (title and text).")
        Path beir;
    }

    @picocli.CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(
            names = {"-o", "--output"},
            required = true,
            paramLabel = "FILE.npy|DIR",
            description = "Where to write the embeddings: an .npy, or with --spark a folder of shards and a manifest.")
    @Writes
    Path output;

    @Option(
            names = "--spark",
            paramLabel = "MASTER",
            description =
                    "Embed on Spark (e.g. local-cluster[2,1,1024], spark://HOST:7077): one task per shard, one model"
                            + " per executor; --output is then a folder that push, index and recall --corpus_embeddings read as"
                            + " one matrix. A run again embeds only the shards not finished.")
    String spark;

    @Option(
            names = "--shard_rows",
            paramLabel = "N",
            description = "With --spark: texts per shard (a multiple of 2048, the chunk nsw embed batches within).")
    int shardRows = dev.nsw.retrieval.ShardedEmbeddings.DEFAULT_SHARD_ROWS;

    @Override
    public Integer call() throws Exception {
        if (spark != null) {
            return embedOnSpark();
        }
        // Lines of a file are streamed twice (count and fingerprint, then embed): memory holds one chunk of texts,
        // however long the file. A corpus is read whole, as recall and push read it.
        EmbeddingFile.TextSource texts;
        long n;
        String fingerprint;
        if (source.input != null) {
            Path file = source.input;
            texts = each -> RecipeFiles.forEachText(file, ReadOptions.STRICT, line -> each.accept(line.text()));
            Fingerprint.OfTexts f = new Fingerprint.OfTexts();
            texts.forEach(f::add);
            n = f.count();
            fingerprint = f.hex();
            texts = sameTextsAgain(texts, fingerprint, file);
        } else {
            List<String> list = loadCorpus().documents().stream()
                    .map(dev.nsw.data.Document::text)
                    .toList();
            texts = list::forEach;
            n = list.size();
            fingerprint = Fingerprint.ofTexts(list);
        }
        PrintWriter err = spec.commandLine().getErr();
        String chosen = null;
        if (model.maxSeqLength == null) {
            // The rule of the corpus commands (passages do not apply: embed writes one row per text).
            model.checkKnown();
            var choice = dev.nsw.retrieval.CorpusReading.choose(model.model, texts, n);
            model.chosenMaxSeqLength = choice.maxSeqLength();
            chosen = choice.reason();
        }
        try (TextEncoder encoder = model.openForInference(precision)) {
            if (chosen != null) { // printed once the model opened: a refused model is one line
                err.println(chosen);
            }
            err.printf(
                    "embedding %d texts with %s (%s, dim %d)%n",
                    n, model.label(), encoder.modelId(), encoder.dimension());
            long t0 = System.nanoTime();
            // Rows go to disk as they are made; a run that was killed resumes from its last chunk.
            long resumed = EmbeddingFile.write(
                    encoder,
                    n,
                    texts,
                    output,
                    fingerprint,
                    "texts",
                    ConsoleProgress.of(spec),
                    dev.nsw.job.CancellationToken.NEVER);
            double s = (System.nanoTime() - t0) / 1e9;
            err.printf(
                    "%nwrote %d x %d to %s in %.1f s (%.1f texts/s%s)%n",
                    n,
                    encoder.dimension(),
                    output,
                    s,
                    (n - resumed) / s,
                    resumed > 0 ? ", " + resumed + " rows resumed from an interrupted run" : "");
        }
        return 0;
    }

    /** {@code --spark}: the same embeddings, in shards, by a Spark job ({@link dev.nsw.spark.SparkEmbedding}). */
    private int embedOnSpark() throws Exception {
        // usage errors (unknown model, bad runtime, int8 on torch, another export's precision) before any JVM starts
        model.inferenceRuntime(precision);
        var request = CliSupport.usage(
                spec,
                "",
                () -> new dev.nsw.spark.SparkEmbedRequest(
                        spark,
                        source.input != null ? "lines" : source.corpus != null ? "corpus" : "beir",
                        (source.input != null ? source.input : source.corpus != null ? source.corpus : source.beir)
                                .toAbsolutePath()
                                .toString(),
                        output.toAbsolutePath().toString(),
                        model.model,
                        model.maxSeqLength,
                        model.encodeBatchSize,
                        model.outputEmbSize,
                        model.runtime,
                        precision.precision().label(),
                        shardRows,
                        model.threads > 0 ? model.threads : 1));
        var report = dev.nsw.spark.SparkEmbedding.run(
                request, ConsoleProgress.of(spec), dev.nsw.job.CancellationToken.NEVER);
        spec.commandLine()
                .getErr()
                .printf(
                        java.util.Locale.ROOT,
                        "%nwrote %,d x %d in %d shards to %s in %.1f s: %d shards (%,d texts) embedded on %d executors in"
                                + " %.1f s (%.1f texts/s), %d kept from an earlier run%n",
                        report.rows(),
                        report.dim(),
                        report.shards(),
                        report.output(),
                        report.seconds(),
                        report.shardsEmbedded(),
                        report.rowsEmbedded(),
                        report.executors(),
                        report.embedSeconds(),
                        report.textsPerSecond(),
                        report.shards() - report.shardsEmbedded());
        return 0;
    }

    private dev.nsw.data.Corpus loadCorpus() {
        return source.corpus != null
                ? dev.nsw.data.Corpus.readRecipe(source.corpus, ReadOptions.STRICT)
                : dev.nsw.data.Beir.readCorpus(source.beir.resolve("corpus.jsonl"), ReadOptions.STRICT);
    }

    /**
     * {@code texts} read again, checked to be the texts first counted: a file edited between the two passes is refused
     * before the embeddings are published (they would belong to neither version).
     */
    private static EmbeddingFile.TextSource sameTextsAgain(
            EmbeddingFile.TextSource texts, String fingerprint, Path file) {
        return each -> {
            Fingerprint.OfTexts again = new Fingerprint.OfTexts();
            texts.forEach(t -> {
                again.add(t);
                each.accept(t);
            });
            if (!again.hex().equals(fingerprint)) {
                throw new IllegalStateException(file + " changed while it was being embedded; run the command again");
            }
        };
    }
}
