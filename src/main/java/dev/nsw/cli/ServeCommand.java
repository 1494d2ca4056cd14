package dev.nsw.cli;

import dev.nsw.serve.SearchBackend;
import dev.nsw.serve.SearchServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code nsw serve}: the local HTTP search service over a corpus (or workspace), its dense model, BM25 and a reranker. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description =
                "Serve a corpus over HTTP on 127.0.0.1: POST /embed, /search (mode dense|bm25|hybrid, optional rerank N), "
                        + "/rerank; GET /health, /models, /openapi.json. Ctrl+C (SIGTERM) stops it after running requests finish.")
public final class ServeCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ServeOptions serve;

    @Option(names = "--port", defaultValue = "8765", description = "TCP port on 127.0.0.1; 0 = any free port.")
    int port;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be from 0 to 65535, got " + port);
        }
        SearchServer.Limits limits = serve.limits();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SearchBackend backend = serve.openBackend();
        SearchServer server;
        try {
            server = SearchServer.start(backend, port, limits);
        } catch (IOException e) {
            backend.close();
            throw new IOException("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            err.println("nsw serve: stopping (letting running requests finish)");
                            err.flush();
                            server.stop(5);
                            backend.close();
                            stopped.countDown();
                        },
                        "nsw-serve-shutdown"));
        err.printf(
                "%n%,d documents; modes %s%s%n",
                backend.corpus().size(),
                backend.modes(),
                backend.encoder() == null
                        ? ""
                        : "; encoder " + backend.encoder().name() + " on "
                                + backend.encoder().runtime());
        out.printf("serving on http://127.0.0.1:%d (GET /openapi.json for the API)%n", server.port());
        out.flush();
        err.flush();
        stopped.await();
        return 0;
    }
}
