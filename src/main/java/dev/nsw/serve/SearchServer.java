package dev.nsw.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * {@code nsw serve}: a local HTTP JSON API over a {@link SearchBackend}, bound to 127.0.0.1 only.
 *
 * <pre>
 * GET  /health        {"status":"ok", ...}
 * GET  /models        encoder, reranker, modes, corpus size
 * GET  /openapi.json  the OpenAPI 3 description of all of this
 * POST /embed         {"texts": [...]}                                   → {"embeddings": [[...]], ...}
 * POST /search        {"query": "...", "k": 10, "mode": "dense", "rerank": 0} → {"hits": [...], ...}
 * POST /rerank        {"query": "...", "documents": [...]}               → {"scores": [...], "order": [...]}
 * </pre>
 *
 * <p>It runs on the JDK's own {@code com.sun.net.httpserver}: no dependency to ship or patch, HTTP/1.1 with
 * keep-alive, and enough for a loopback service whose cost is the model, not the socket. Every error is a
 * JSON object {@code {"error": "...", "status": N}} with a 4xx/5xx code; bad input never stops the server.
 * Limits ({@link Limits}): body size (413), k, batch and rerank depth (400), and at most {@code workers}
 * model calls at once — others wait up to {@code queueTimeoutMillis}, then get 503. {@link #stop} stops
 * accepting connections and lets running requests finish.
 *
 * <p>This class is the lifecycle (start, stop, port, counts); {@link ApiRouter} takes each request through
 * {@link AccessPolicy}, {@link JsonRequest} and one endpoint class per path ({@link HealthEndpoint}, {@link
 * ModelsEndpoint}, {@link EmbedEndpoint}, {@link SearchEndpoint}, {@link RerankEndpoint}).
 *
 * <p>A loopback port is reachable from every web page the user's browser opens, so the server answers only what
 * a page cannot forge ({@link Access}): a {@code Host} naming this server (127.0.0.1, localhost or [::1] with its
 * port, or a name allowed by {@code --allowed_hosts}) — else 403, the defence against DNS rebinding; no
 * {@code Origin} of another site (403); POST bodies declared {@code application/json} (else 415: a cross-site
 * "simple request" cannot send that type without a CORS preflight, and no CORS header is ever sent); and, when a
 * token is set, {@code Authorization: Bearer <token>} on every request (else 401, compared in constant time).
 */
public final class SearchServer implements AutoCloseable {

    /**
     * Request limits.
     *
     * @param maxBodyBytes largest request body; a larger one gets 413
     * @param maxK largest {@code k} of /search
     * @param maxBatch most texts per /embed and documents per /rerank
     * @param maxRerank largest {@code rerank} depth of /search
     * @param maxQueryChars longest query or text, in characters
     * @param workers model calls running at once (the CPU's cores are the real limit)
     * @param queueTimeoutMillis how long a request waits for a worker before 503
     */
    public record Limits(
            int maxBodyBytes,
            int maxK,
            int maxBatch,
            int maxRerank,
            int maxQueryChars,
            int workers,
            long queueTimeoutMillis) {
        public Limits {
            if (maxBodyBytes < 1
                    || maxK < 1
                    || maxBatch < 1
                    || maxRerank < 0
                    || maxQueryChars < 1
                    || workers < 1
                    || queueTimeoutMillis < 0) {
                throw new IllegalArgumentException("server limits must be positive: " + this);
            }
        }

        /** 1 MiB bodies, k ≤ 100, 64 texts a batch, rerank ≤ 100, 2,000-character texts, a worker per core, 30 s queue. */
        public static Limits defaults() {
            return new Limits(1 << 20, 100, 64, 100, 2000, Runtime.getRuntime().availableProcessors(), 30_000);
        }
    }

    /**
     * Who may talk to the server besides the loopback names.
     *
     * @param allowedHosts more names a request's {@code Host} and {@code Origin} may carry: {@code name} (with or
     *     without the served port) or {@code name:port}
     * @param token the bearer token every request must carry, or null for none
     */
    public record Access(List<String> allowedHosts, String token) {
        public Access {
            allowedHosts = List.copyOf(allowedHosts);
            if (token != null && token.isBlank()) {
                throw new IllegalArgumentException("the token must not be blank");
            }
        }

        /** Loopback names only, no token. */
        public static Access loopbackOnly() {
            return new Access(List.of(), null);
        }
    }

    /** How long {@link #stop} lets running requests finish when the process is told to stop (SIGTERM, Ctrl+C). */
    public static final int STOP_GRACE_SECONDS = 30;

    static {
        // read once, when the JDK server's configuration loads (before the first HttpServer): see MAX_DRAIN_BYTES
        if (System.getProperty("sun.net.httpserver.drainAmount") == null) {
            System.setProperty("sun.net.httpserver.drainAmount", Long.toString(JsonRequest.MAX_DRAIN_BYTES));
        }
    }

    private final HttpServer server;
    private final ExecutorService threads;
    private final ApiRouter router;

    private SearchServer(HttpServer server, ExecutorService threads, ApiRouter router) {
        this.server = server;
        this.threads = threads;
        this.router = router;
    }

    /** The bundled OpenAPI document, naming the port actually served (and the bearer scheme when a token is set). */
    private static byte[] openApi(int port, boolean bearer) throws IOException {
        ObjectMapper json = new ObjectMapper();
        try (InputStream in = SearchServer.class.getResourceAsStream("openapi.json")) {
            if (in == null) {
                throw new IOException("openapi.json is missing from the class path");
            }
            ObjectNode doc = (ObjectNode) json.readTree(in);
            ArrayNode servers = doc.putArray("servers");
            servers.addObject().put("url", "http://127.0.0.1:" + port);
            if (bearer) {
                ((ObjectNode) doc.path("components"))
                        .putObject("securitySchemes")
                        .putObject("bearer")
                        .put("type", "http")
                        .put("scheme", "bearer");
                doc.putArray("security").addObject().putArray("bearer");
            }
            return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc);
        }
    }

    /**
     * Starts serving {@code backend} on 127.0.0.1:{@code port} (0 = a free port, see {@link #port()}) to the loopback
     * names only, without a token. The backend stays the caller's to close.
     */
    public static SearchServer start(SearchBackend backend, int port, Limits limits) throws IOException {
        return start(backend, port, limits, Access.loopbackOnly());
    }

    /** {@link #start(SearchBackend, int, Limits)} with more allowed host names and/or a bearer token. */
    public static SearchServer start(SearchBackend backend, int port, Limits limits, Access access) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        // HTTP threads only parse and wait; the semaphore bounds model work. 32 keeps 32 clients in flight.
        ExecutorService threads = Executors.newFixedThreadPool(Math.max(32, limits.workers() * 4), r -> {
            Thread t = new Thread(r, "nsw-serve");
            t.setDaemon(true);
            return t;
        });
        int served = http.getAddress().getPort();
        ApiRouter router = new ApiRouter(
                new AccessPolicy(access, served), backend, limits, openApi(served, access.token() != null));
        SearchServer s = new SearchServer(http, threads, router);
        http.createContext("/", router);
        http.setExecutor(threads);
        http.start();
        return s;
    }

    /** The port it listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Requests answered so far, and how many of them were errors (4xx/5xx). */
    public long requests() {
        return router.requests();
    }

    public long errors() {
        return router.errors();
    }

    /** Stops accepting connections, waits up to {@code graceSeconds} for running requests, then stops its threads. */
    public void stop(int graceSeconds) {
        server.stop(graceSeconds);
        threads.shutdown();
        try {
            threads.awaitTermination(graceSeconds + 1L, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(2);
    }
}
