package dev.nsw.cli;

import dev.nsw.data.Beir;
import dev.nsw.data.Corpus;
import dev.nsw.data.ReadOptions;
import dev.nsw.encoder.InferenceRuntime;
import dev.nsw.rank.CrossEncoder;
import dev.nsw.serve.BackendSpec;
import dev.nsw.serve.SearchBackend;
import dev.nsw.workspace.WorkspaceFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** What {@code nsw serve} and {@code nsw bench serve} serve: a corpus or workspace and its saved indexes (models come from {@link ModelOptions}). */
public final class ServeSourceOptions {
    @Spec(Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--workspace",
            paramLabel = "DIR",
            description =
                    "Workspace folder: its corpus (corpus.csv or BEIR corpus.jsonl) and saved indexes under indexes/.")
    Path workspace;

    @Option(
            names = "--corpus",
            paramLabel = "FILE",
            description = "Recipe corpus file, one text a line (instead of --workspace).")
    Path corpusFile;

    @Option(
            names = "--beir",
            paramLabel = "DIR",
            description = "BEIR folder whose corpus.jsonl to serve (instead of --workspace).")
    Path beir;

    @Option(
            names = "--index",
            paramLabel = "DIR",
            description = "Dense index built by `nsw index` with the same model.")
    Path index;

    @Option(
            names = "--corpus_embeddings",
            paramLabel = "FILE.npy",
            description = "Cache of the corpus embeddings (read when it matches the model, else written).")
    Path corpusEmbeddings;

    @Option(names = "--bm25_only", description = "Load no dense model: serve BM25 (and /rerank with --reranker) only.")
    boolean bm25Only;

    @picocli.CommandLine.Mixin
    ReadingOptions reading;

    /** Checks the options (usage errors exit 2), then loads the corpus, models and indexes. */
    SearchBackend open(ModelOptions model, PrecisionOption precision, RerankerOptions reranker) throws IOException {
        Corpus corpus = corpus();
        var choice = bm25Only ? null : reading.resolve(model, CliSupport.texts(corpus), index);
        Path rerankerDir = reranker.given() ? reranker.reranker : null;
        if (rerankerDir != null && !CrossEncoder.isReranker(rerankerDir)) {
            throw new ParameterException(
                    spec.commandLine(), rerankerDir + " is not a reranker folder (train one with `nsw rank train`)");
        }
        InferenceRuntime.Choice runtime = bm25Only ? InferenceRuntime.Choice.AUTO : model.inferenceRuntime(precision);
        Path indexes = workspace == null ? null : workspace.resolve("indexes");
        return new BackendSpec(
                        corpus,
                        bm25Only ? null : model.model,
                        model.encoderOptions(precision),
                        runtime,
                        index,
                        indexes,
                        corpusEmbeddings,
                        rerankerDir,
                        choice == null ? null : choice.passages())
                .open(ConsoleProgress.of(spec));
    }

    Corpus corpus() {
        int given = (workspace != null ? 1 : 0) + (corpusFile != null ? 1 : 0) + (beir != null ? 1 : 0);
        if (given != 1) {
            throw new ParameterException(
                    spec.commandLine(), "give exactly one of --workspace DIR, --corpus FILE or --beir DIR");
        }
        if (corpusFile != null) {
            return Corpus.readRecipe(corpusFile, ReadOptions.STRICT);
        }
        if (beir != null) {
            return Beir.readCorpus(beir.resolve("corpus.jsonl"), ReadOptions.STRICT);
        }
        if (!Files.isDirectory(workspace)) {
            throw new ParameterException(spec.commandLine(), "--workspace " + workspace + " is not a folder");
        }
        WorkspaceFiles files = WorkspaceFiles.scan(workspace);
        if (files.corpus() == null) {
            throw new ParameterException(
                    spec.commandLine(), "the workspace " + workspace + " has no corpus.csv or corpus.jsonl");
        }
        return files.beir()
                ? Beir.readCorpus(files.corpus(), ReadOptions.STRICT)
                : Corpus.readRecipe(files.corpus(), ReadOptions.STRICT);
    }
}
