package dev.nsw.cli;

import dev.nsw.data.Corpus;
import dev.nsw.encoder.TextEncoder;
import dev.nsw.engine.EngineClient;
import dev.nsw.engine.EngineIndex;
import dev.nsw.job.CancellationToken;
import dev.nsw.lexical.Bm25Options;
import dev.nsw.lexical.LexicalAnalyzer;
import dev.nsw.retrieval.CorpusEmbeddings;
import dev.nsw.retrieval.DenseRecall;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nsw push}: a corpus with our embeddings into an engine index (BM25 text + HNSW vectors). */
@Command(
        name = "push",
        mixinStandardHelpOptions = true,
        description = {
            "Create an index in an OpenSearch engine and bulk-load a corpus with its embeddings from our model.",
            "The index's _meta records the model and corpus: a push or search with another is refused.",
            "Ids are the corpus ids: running the same push again resumes without duplicates."
        })
public final class PushCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOptions model;

    /** The precision the vectors are made at (or were: --embeddings made at int8 are pushed with --precision int8). */
    @Mixin
    PrecisionOption precision;

    @Mixin
    EvalSetOptions set;

    @Option(
            names = "--engine",
            required = true,
            paramLabel = "URL",
            description = "The engine, e.g. http://127.0.0.1:9200.")
    String url;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "Index name (lower case).")
    String name;

    @Option(
            names = "--embeddings",
            paramLabel = "FILE.npy",
            description =
                    "Corpus embedding cache: read when it is of this model and corpus, written otherwise (default: embed now).")
    @Writes
    Path embeddings;

    @Mixin
    ReadingOptions reading;

    /** M 16, as bench engine measures the engine with (OpenSearch's own default too). */
    @Mixin
    HnswOptions hnsw = new HnswOptions(16);

    @Option(names = "--shards", defaultValue = "2", description = "Primary shards.")
    int shards;

    @Option(
            names = "--replicas",
            defaultValue = "1",
            description = "Replicas of each shard (1 survives a lost node); at most one fewer than the cluster's data"
                    + " nodes: fewer are used, and said, when the cluster cannot hold them.")
    int replicas;

    @Option(
            names = "--analyzer",
            defaultValue = LexicalAnalyzer.AUTO,
            description = "BM25 analyzer: auto (as `nsw bm25`), standard, english, cjk-bigram, cjk-unigram-bigram.")
    String analyzer;

    @Option(names = "--k1", defaultValue = "1.2", description = "BM25 k1.")
    float k1;

    @Option(names = "--b", defaultValue = "0.75", description = "BM25 b.")
    float b;

    @Option(names = "--bulk", defaultValue = "500", description = "Documents per bulk request.")
    int bulk;

    @Override
    public Integer call() throws Exception {
        if (!name.equals(name.toLowerCase(Locale.ROOT)) || name.isBlank()) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--name must be lower case, got '" + name + "'");
        }
        EngineClient client = new EngineClient(url);
        Corpus corpus = set.loadCorpus();
        Bm25Options bm25 = CliSupport.usage(
                spec, "--analyzer: ", () -> new Bm25Options(LexicalAnalyzer.choose(analyzer, corpus), k1, b));
        EngineIndex.Spec indexSpec = new EngineIndex.Spec(hnsw.m, hnsw.efConstruction, shards, replicas, bm25);
        var choice = reading.resolve(model, CliSupport.texts(corpus), null);
        if (choice.passages() != null) {
            try (TextEncoder encoder = model.openForInference()) {
                var cut = DenseRecall.split(
                        encoder, corpus, choice.passages(), ConsoleProgress.of(spec), CancellationToken.NEVER);
                float[][] passageVectors = embeddings != null
                        ? CorpusEmbeddings.load(
                                        encoder, cut, embeddings, ConsoleProgress.of(spec), CancellationToken.NEVER)
                                .vectors()
                        : DenseRecall.embed(
                                encoder, cut.texts(), "passages", ConsoleProgress.of(spec), CancellationToken.NEVER);
                return report(
                        client,
                        EngineIndex.pushPassages(
                                client,
                                name,
                                cut,
                                passageVectors,
                                encoder.modelId(),
                                indexSpec,
                                bulk,
                                ConsoleProgress.of(spec),
                                CancellationToken.NEVER));
            }
        }
        float[][] vectors;
        String modelId;
        try (TextEncoder encoder = model.openForInference(precision)) {
            modelId = encoder.modelId();
            vectors = embeddings != null
                    ? CorpusEmbeddings.loadOrCompute(
                            encoder, corpus, embeddings, ConsoleProgress.of(spec), CancellationToken.NEVER)
                    : DenseRecall.embed(
                            encoder,
                            corpus.documents().stream()
                                    .map(dev.nsw.data.Document::text)
                                    .toList(),
                            "corpus",
                            ConsoleProgress.of(spec),
                            CancellationToken.NEVER);
        }
        var report = EngineIndex.push(
                client,
                name,
                corpus,
                vectors,
                modelId,
                indexSpec,
                bulk,
                ConsoleProgress.of(spec),
                CancellationToken.NEVER);
        return report(client, report);
    }

    private int report(EngineClient client, EngineIndex.PushReport report) {
        spec.commandLine()
                .getOut()
                .printf(
                        Locale.ROOT,
                        "%s index '%s' at %s: %,d documents pushed in %.1f s (%.0f docs/s), %,d in the index, %d retries%n",
                        report.created() ? "created (" + report.replicas() + " replicas)" : "resumed",
                        name,
                        client.base(),
                        report.documents(),
                        report.seconds(),
                        report.documents() / Math.max(1e-9, report.seconds()),
                        report.countAfter(),
                        report.retries());
        return 0;
    }
}
