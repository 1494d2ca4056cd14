package dev.nsw.cli;

import dev.nsw.data.Corpus;
import dev.nsw.encoder.TextEncoder;
import dev.nsw.index.VectorIndex;
import dev.nsw.io.NpyFile;
import dev.nsw.job.CancellationToken;
import dev.nsw.retrieval.DenseIndexBuild;
import dev.nsw.retrieval.DenseRecall;
import dev.nsw.text.MaxSeqLengthRule;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nsw index}: embeds a corpus and saves an HNSW (or exact) index beside the id of the model
 * ({@link DenseIndexBuild}).
 */
@Command(
        name = "index",
        mixinStandardHelpOptions = true,
        description = {
            "Embed a corpus and build a vector index (hnswlib HNSW, inner product on unit vectors, or exact).",
            "The index remembers the model that embedded it; recall refuses a different model."
        })
public final class IndexCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Mixin
    PrecisionOption precision;

    @ArgGroup(exclusive = true, multiplicity = "1")
    CorpusSource source;

    /** Exactly one of them. */
    static final class CorpusSource {
        @Option(names = "--corpus", paramLabel = "FILE", description = "Recipe corpus file, one text a line.")
        Path corpus;

        @Option(names = "--beir", paramLabel = "DIR", description = "BEIR folder (its corpus.jsonl is indexed).")
        Path beir;
    }

    @Option(
            names = {"--output", "-o"},
            required = true,
            paramLabel = "DIR",
            description = "Index folder to write (replaced atomically).")
    @Writes(folder = true)
    Path output;

    /** What {@code --kind} may name; the lower-case name is the index's kind. */
    enum Kind {
        HNSW,
        EXACT
    }

    @Option(
            names = "--kind",
            defaultValue = "hnsw",
            paramLabel = "hnsw|exact",
            completionCandidates = EnumChoices.IndexKind.class,
            description = "hnsw or exact.")
    Kind kind;

    @Mixin
    HnswOptions hnsw;

    @Mixin
    SearchBeamOptions beam;

    @Option(
            names = "--save_embeddings",
            paramLabel = "FILE",
            description = "Also write the corpus embeddings as .npy (the recipe's corpus_embedding.npy).")
    @Writes
    Path saveEmbeddings;

    @Mixin
    CorpusEmbeddingsOption corpusEmbeddingsOption;

    @Option(names = "--lenient", description = "Skip and count bad corpus lines.")
    boolean lenient;

    @Mixin
    ReadingOptions reading;

    @Override
    public Integer call() throws Exception {
        Path corpus = source.corpus;
        Path beir = source.beir;
        DenseRecall.IndexSpec indexSpec = CliSupport.usage(
                spec,
                "",
                () -> new DenseRecall.IndexSpec(
                        kind.name().toLowerCase(java.util.Locale.ROOT), hnsw.m, hnsw.efConstruction, beam.ef));
        Corpus docs = corpus != null
                ? Corpus.readRecipe(corpus, dev.nsw.data.ReadOptions.of(lenient))
                : dev.nsw.data.Beir.readCorpus(beir.resolve("corpus.jsonl"), dev.nsw.data.ReadOptions.of(lenient));
        var err = spec.commandLine().getErr();
        MaxSeqLengthRule.Choice choice = reading.resolve(model, CliSupport.texts(docs), null);
        if (choice.passages() != null && saveEmbeddings != null) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "--save_embeddings writes one row per document: not with --passages maxp");
        }
        try (var lock = dev.nsw.io.OwnedFolder.claimLocked(output, dev.nsw.io.OwnedFolder.Kind.VECTOR_INDEX);
                TextEncoder encoder = model.openForInference(precision)) {
            DenseIndexBuild.Result built = DenseIndexBuild.run(
                    encoder,
                    docs,
                    corpusEmbeddingsOption.path == null
                            ? DenseIndexBuild.EMBED
                            : (enc, corpusDocs, progress, cancel) -> dev.nsw.retrieval.CorpusEmbeddings.load(
                                    enc, corpusDocs, corpusEmbeddingsOption.path, progress, cancel),
                    DenseIndexBuild.Request.of(indexSpec)
                            .savedTo(output)
                            .withPassages(choice.passages())
                            .withPassageCache(corpusEmbeddingsOption.path),
                    ConsoleProgress.of(spec),
                    CancellationToken.NEVER);
            if (saveEmbeddings != null) {
                NpyFile.write(saveEmbeddings, built.vectors());
                err.println("wrote " + saveEmbeddings);
            }
            VectorIndex index = built.index();
            spec.commandLine()
                    .getOut()
                    .printf(
                            Locale.ROOT,
                            "%s index of %,d vectors%s × %d (model %s, %s) in %s%nembedding %.1f s (%.1f texts/s), index build %.1f s%n",
                            index.kind(),
                            index.size(),
                            choice.passages() == null
                                    ? ""
                                    : String.format(Locale.ROOT, " (passages of %,d documents)", docs.size()),
                            index.dimensions(),
                            model.label(),
                            encoder.modelId(),
                            output,
                            built.embedSeconds(),
                            index.size() / built.embedSeconds(),
                            built.buildSeconds());
        }
        return 0;
    }
}
