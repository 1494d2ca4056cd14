package dev.nsw.cli;

import dev.nsw.data.Beir;
import dev.nsw.data.Corpus;
import dev.nsw.data.ReadOptions;
import dev.nsw.encoder.InferenceRuntime;
import dev.nsw.serve.BackendSpec;
import dev.nsw.serve.SearchBackend;
import dev.nsw.serve.SearchServer;
import dev.nsw.workspace.WorkspaceFiles;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code nsw serve}: the local HTTP search service over a corpus (or workspace), its dense model, BM25 and a reranker. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve a corpus over HTTP on 127.0.0.1: POST /embed, /search (mode dense|bm25, optional rerank N), "
                + "/rerank; GET /health, /models, /openapi.json. Ctrl+C (SIGTERM) stops it after running requests finish.")
public final class ServeCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin ModelOptions model;

    @Mixin RerankerOptions reranker;

    @Option(names = "--workspace", paramLabel = "DIR",
            description = "Workspace folder: its corpus (corpus.csv or BEIR corpus.jsonl) and saved indexes under indexes/.")
    Path workspace;

    @Option(names = "--corpus", paramLabel = "FILE", description = "Recipe corpus file, one text a line (instead of --workspace).")
    Path corpusFile;

    @Option(names = "--beir", paramLabel = "DIR", description = "BEIR folder whose corpus.jsonl to serve (instead of --workspace).")
    Path beir;

    @Option(names = "--index", paramLabel = "DIR", description = "Dense index built by `nsw index` with the same model.")
    Path index;

    @Option(names = "--corpus_embeddings", paramLabel = "FILE.npy", description = "Cache of the corpus embeddings (read when it matches the model, else written).")
    Path corpusEmbeddings;

    @Option(names = "--bm25_only", description = "Load no dense model: serve BM25 (and /rerank with --reranker) only.")
    boolean bm25Only;

    @Option(names = "--port", defaultValue = "8765", description = "TCP port on 127.0.0.1; 0 = any free port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--max_body_bytes", defaultValue = "1048576", description = "Largest request body (default: ${DEFAULT-VALUE}).")
    int maxBodyBytes;

    @Option(names = "--max_k", defaultValue = "100", description = "Largest k of /search (default: ${DEFAULT-VALUE}).")
    int maxK;

    @Option(names = "--max_batch", defaultValue = "64", description = "Most texts per /embed or documents per /rerank (default: ${DEFAULT-VALUE}).")
    int maxBatch;

    @Option(names = "--workers", defaultValue = "0", description = "Model calls at once; 0 = one per core (default).")
    int workers;

    @Override
    public Integer call() throws Exception {
        Corpus corpus = corpus();
        Path indexes = workspace == null ? null : workspace.resolve("indexes");
        SearchServer.Limits defaults = SearchServer.Limits.defaults();
        SearchServer.Limits limits;
        try {
            limits = new SearchServer.Limits(maxBodyBytes, maxK, maxBatch, defaults.maxRerank(), defaults.maxQueryChars(),
                    workers > 0 ? workers : defaults.workers(), defaults.queueTimeoutMillis());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be from 0 to 65535, got " + port);
        }
        Path rerankerDir = reranker.given() ? reranker.reranker : null;
        if (rerankerDir != null && !dev.nsw.rank.CrossEncoder.isReranker(rerankerDir)) {
            throw new ParameterException(spec.commandLine(), rerankerDir + " is not a reranker folder (train one with `nsw rank train`)");
        }
        InferenceRuntime.Choice runtime = bm25Only ? InferenceRuntime.Choice.AUTO : model.inferenceRuntime();
        BackendSpec backendSpec = new BackendSpec(corpus, bm25Only ? null : model.model, model.encoderOptions(), runtime, index,
                indexes, corpusEmbeddings, rerankerDir);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SearchBackend backend = backendSpec.open(ConsoleProgress.of(spec));
        SearchServer server;
        try {
            server = SearchServer.start(backend, port, limits);
        } catch (java.io.IOException e) {
            backend.close();
            throw new java.io.IOException("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            err.println("nsw serve: stopping (letting running requests finish)");
            err.flush();
            server.stop(5);
            backend.close();
            stopped.countDown();
        }, "nsw-serve-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        err.printf("%n%,d documents; modes %s%s%n", corpus.size(), backend.modes(),
                backend.encoder() == null ? "" : "; encoder " + backend.encoder().name() + " on " + backend.encoder().runtime());
        out.printf("serving on http://127.0.0.1:%d (GET /openapi.json for the API)%n", server.port());
        out.flush();
        err.flush();
        stopped.await();
        return 0;
    }

    private Corpus corpus() {
        int given = (workspace != null ? 1 : 0) + (corpusFile != null ? 1 : 0) + (beir != null ? 1 : 0);
        if (given != 1) {
            throw new ParameterException(spec.commandLine(), "give exactly one of --workspace DIR, --corpus FILE or --beir DIR");
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
            throw new ParameterException(spec.commandLine(), "the workspace " + workspace + " has no corpus.csv or corpus.jsonl");
        }
        return files.beir() ? Beir.readCorpus(files.corpus(), ReadOptions.STRICT) : Corpus.readRecipe(files.corpus(), ReadOptions.STRICT);
    }
}
