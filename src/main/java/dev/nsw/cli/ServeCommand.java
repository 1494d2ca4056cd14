package dev.nsw.cli;

import dev.nsw.serve.SearchBackend;
import dev.nsw.serve.SearchServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
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
                        + "/rerank; GET /health, /models, /openapi.json. Answers only requests addressed to its"
                        + " loopback name (Host), from no other site (Origin), with JSON bodies. Ctrl+C or SIGTERM"
                        + " stops accepting connections and lets running requests finish (up to "
                        + SearchServer.STOP_GRACE_SECONDS + " s; a second Ctrl+C stops at once), then exits 0.")
public final class ServeCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ServeOptions serve;

    @Mixin
    ServerAccessOptions access;

    @Option(names = "--port", defaultValue = "8765", description = "TCP port on 127.0.0.1; 0 = any free port.")
    int port;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be from 0 to 65535, got " + port);
        }
        SearchServer.Limits limits = serve.limits();
        SearchServer.Access who = CliSupport.usage(spec, "--token: ", access::access);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SearchBackend backend = serve.openBackend();
        SearchServer server;
        try {
            server = SearchServer.start(backend, port, limits, who);
        } catch (IOException e) {
            backend.close();
            throw new IOException("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
        CountDownLatch stopAsked = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        Runnable stop = () -> {
            if (stopping.compareAndSet(false, true)) {
                err.printf(
                        "nsw serve: stopping: no new connections; running requests may finish (up to %d s)%n",
                        SearchServer.STOP_GRACE_SECONDS);
                err.flush();
                server.stop(SearchServer.STOP_GRACE_SECONDS);
                backend.close();
                stopped.countDown();
            }
        };
        // SIGTERM and Ctrl+C stop the server here, so that running requests finish and the exit code is 0; any
        // other way the JVM ends (SIGHUP, System.exit) still stops it through the shutdown hook.
        TerminationSignals.install(() -> {
            if (stopping.get()) {
                err.println("nsw serve: stopping now");
                err.flush();
                Runtime.getRuntime().halt(130);
            }
            stopAsked.countDown();
        });
        Thread hook = new Thread(
                () -> {
                    stop.run();
                    awaitQuietly(stopped);
                },
                "nsw-serve-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        err.printf(
                "%n%,d documents; modes %s%s%s%n",
                backend.corpus().size(),
                backend.modes(),
                backend.encoder() == null
                        ? ""
                        : "; encoder " + backend.encoder().name() + " on "
                                + backend.encoder().runtime(),
                who.token() == null ? "" : "; bearer token required");
        out.printf("serving on http://127.0.0.1:%d (GET /openapi.json for the API)%n", server.port());
        out.flush();
        err.flush();
        stopAsked.await();
        stop.run();
        awaitQuietly(stopped);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the JVM is ending anyway
        }
        return 0;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
