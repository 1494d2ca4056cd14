package dev.nsw.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.nsw.encoder.TextEncoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

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

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Request bodies are read strictly: one JSON value, no trailing garbage or second object, no duplicate keys. */
    private static final ObjectMapper STRICT_JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final HttpServer server;
    private final ExecutorService threads;
    private final SearchBackend backend;
    private final Limits limits;
    private final Semaphore workers;
    private final long started = System.nanoTime();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final byte[] openApi;
    private final java.util.Set<String> hosts;
    private final byte[] tokenHash;

    private SearchServer(
            HttpServer server, ExecutorService threads, SearchBackend backend, Limits limits, Access access)
            throws IOException {
        this.server = server;
        this.threads = threads;
        this.backend = backend;
        this.limits = limits;
        this.workers = new Semaphore(limits.workers(), true);
        int port = server.getAddress().getPort();
        this.hosts = allowedHosts(access.allowedHosts(), port);
        this.tokenHash = access.token() == null ? null : sha256(access.token());
        this.openApi = openApi(port, access.token() != null);
    }

    /** The bundled OpenAPI document, naming the port actually served (and the bearer scheme when a token is set). */
    private static byte[] openApi(int port, boolean bearer) throws IOException {
        try (InputStream in = SearchServer.class.getResourceAsStream("openapi.json")) {
            if (in == null) {
                throw new IOException("openapi.json is missing from the class path");
            }
            ObjectNode doc = (ObjectNode) JSON.readTree(in);
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
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc);
        }
    }

    /** Host values this server answers (lower case): the loopback names and the allowed ones, with the port. */
    private static java.util.Set<String> allowedHosts(List<String> extra, int port) {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        for (String name : List.of("127.0.0.1", "localhost", "[::1]")) {
            names.add(name + ":" + port);
            if (port == 80) {
                names.add(name); // the default port is left out of Host
            }
        }
        for (String e : extra) {
            String name = e.strip().toLowerCase(java.util.Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            boolean hasPort = name.startsWith("[") ? name.contains("]:") : name.contains(":");
            names.add(name);
            if (!hasPort) {
                names.add(name + ":" + port);
            }
        }
        return java.util.Collections.unmodifiableSet(names);
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
        SearchServer s = new SearchServer(http, threads, backend, limits, access);
        http.createContext("/", s::handle);
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
        return requests.get();
    }

    public long errors() {
        return errors.get();
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

    /** An error answered as {@code {"error": message, "status": status}}. */
    static final class ApiException extends RuntimeException {
        final int status;

        ApiException(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        try (ex) {
            try {
                checkAccess(ex);
                Object body = route(ex);
                if (body instanceof byte[] raw) {
                    send(ex, 200, raw);
                } else {
                    send(ex, 200, JSON.writeValueAsBytes(body));
                }
            } catch (ApiException e) {
                fail(ex, e.status, e.getMessage());
            } catch (IllegalArgumentException e) {
                fail(ex, 400, e.getMessage());
            } catch (RuntimeException | Error e) {
                fail(
                        ex,
                        500,
                        "internal error: "
                                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            }
        } catch (IOException e) {
            // the client went away mid-answer: nothing to tell it
        }
    }

    /**
     * Refuses what a web page could send on the user's behalf: a Host that is not this server (DNS rebinding), an
     * Origin of another site, and — with a token — a request without it.
     */
    private void checkAccess(HttpExchange ex) {
        String host = ex.getRequestHeaders().getFirst("Host");
        if (host == null || !hosts.contains(host.strip().toLowerCase(java.util.Locale.ROOT))) {
            throw new ApiException(
                    403,
                    (host == null ? "request without a Host header" : "request for host '" + host + "'")
                            + " refused: nsw serve answers requests addressed to 127.0.0.1:" + port()
                            + ", localhost:" + port() + " or [::1]:" + port()
                            + " only (allow another name with --allowed_hosts)");
        }
        String origin = ex.getRequestHeaders().getFirst("Origin");
        if (origin != null && !hosts.contains(authorityOf(origin))) {
            throw new ApiException(
                    403,
                    "cross-origin request from '" + origin + "' refused: nsw serve answers pages of its own address"
                            + " only");
        }
        if (tokenHash != null) {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            String given = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)
                    ? auth.substring(7).strip()
                    : "";
            // hashes of equal length, compared in constant time: the answer's timing says nothing of the token
            if (!java.security.MessageDigest.isEqual(sha256(given), tokenHash)) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Bearer");
                throw new ApiException(
                        401,
                        (auth == null ? "missing" : "wrong") + " bearer token: send 'Authorization: Bearer <token>'"
                                + " with the token nsw serve was started with");
            }
        }
    }

    /** {@code http://host:port} (or https) → {@code host:port}, lower case; the whole value when it is not a URL. */
    private static String authorityOf(String origin) {
        String o = origin.strip().toLowerCase(java.util.Locale.ROOT);
        int scheme = o.indexOf("://");
        String rest = scheme < 0 ? o : o.substring(scheme + 3);
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }

    private static byte[] sha256(String s) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Object route(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        return switch (path) {
            case "/health" -> get(ex, method, this::health);
            case "/models" -> get(ex, method, this::models);
            case "/openapi.json" -> get(ex, method, () -> openApi);
            case "/embed" -> post(ex, method, this::embed);
            case "/search" -> post(ex, method, this::search);
            case "/rerank" -> post(ex, method, this::rerank);
            default ->
                throw new ApiException(
                        404,
                        "no such endpoint: " + path
                                + " (GET /health, /models, /openapi.json; POST /embed, /search, /rerank)");
        };
    }

    private interface Answer {
        Object get() throws IOException;
    }

    private interface PostAnswer {
        Object answer(ObjectNode request) throws IOException;
    }

    private Object get(HttpExchange ex, String method, Answer answer) throws IOException {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            ex.getResponseHeaders().set("Allow", "GET, HEAD");
            throw new ApiException(405, method + " is not allowed here; use GET");
        }
        return answer.get();
    }

    private Object post(HttpExchange ex, String method, PostAnswer answer) throws IOException {
        if (!method.equals("POST")) {
            ex.getResponseHeaders().set("Allow", "POST");
            throw new ApiException(405, method + " is not allowed here; use POST with a JSON body");
        }
        requireJsonBody(ex);
        ObjectNode request = readJson(ex);
        boolean acquired;
        try {
            acquired = workers.tryAcquire(limits.queueTimeoutMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "server is shutting down");
        }
        if (!acquired) {
            throw new ApiException(
                    503, "server busy: no worker free within " + limits.queueTimeoutMillis() + " ms; retry later");
        }
        try {
            return answer.answer(request);
        } finally {
            workers.release();
        }
    }

    /** 415 unless the body is declared {@code application/json} (a type no cross-site form or "simple request" sends). */
    private static void requireJsonBody(HttpExchange ex) {
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        String media = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
        if (!media.equals("application/json")) {
            throw new ApiException(
                    415,
                    "Content-Type must be application/json, got " + (type == null ? "none" : "'" + type + "'")
                            + " (curl: -H 'Content-Type: application/json')");
        }
    }

    /** Reads at most {@code maxBodyBytes} and parses a JSON object; 413 when larger, 400 when not a JSON object. */
    private ObjectNode readJson(HttpExchange ex) throws IOException {
        String declared = ex.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.trim()) > limits.maxBodyBytes()) {
                    // answered at once, without reading what may never come (a length of 10^12 with a tiny body);
                    // the connection is closed after the answer
                    ex.getResponseHeaders().set("Connection", "close");
                    throw tooLarge();
                }
            } catch (NumberFormatException e) {
                throw new ApiException(400, "bad Content-Length '" + declared + "'");
            }
        }
        byte[] body = ex.getRequestBody().readNBytes(limits.maxBodyBytes() + 1);
        if (body.length > limits.maxBodyBytes()) {
            drain(ex.getRequestBody());
            throw tooLarge();
        }
        JsonNode node;
        try {
            node = STRICT_JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "malformed JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new ApiException(400, "the body must be a JSON object");
        }
        return (ObjectNode) node;
    }

    /**
     * Reads and drops up to 64 MiB of an oversized body, so that a client still sending it gets the 413 answer
     * rather than a reset connection; beyond that the connection is simply closed.
     */
    private static void drain(InputStream in) throws IOException {
        byte[] buf = new byte[1 << 16];
        long left = 64L << 20;
        for (int n; left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0; ) {
            left -= n;
        }
    }

    private ApiException tooLarge() {
        return new ApiException(413, "request body exceeds " + limits.maxBodyBytes() + " bytes");
    }

    private Object health() {
        ObjectNode n = JSON.createObjectNode();
        n.put("status", "ok");
        n.put("documents", backend.corpus().size());
        n.put("uptime_s", Math.round((System.nanoTime() - started) / 1e9));
        n.put("requests", requests.get());
        return n;
    }

    private Object models() {
        ObjectNode n = JSON.createObjectNode();
        TextEncoder e = backend.encoder();
        if (e != null) {
            ObjectNode m = n.putObject("encoder");
            m.put("name", e.name());
            m.put("model_id", e.modelId());
            m.put("dimension", e.dimension());
            m.put("runtime", e.runtime());
        } else {
            n.putNull("encoder");
        }
        if (backend.canRerank()) {
            ObjectNode r = n.putObject("reranker");
            r.put("name", backend.rerankerName());
            r.put("score", backend.rerankScoreKind());
        } else {
            n.putNull("reranker");
        }
        ArrayNode modes = n.putArray("modes");
        for (String mode : backend.modes()) {
            ObjectNode m = modes.addObject();
            m.put("mode", mode);
            m.put("retriever", backend.retriever(mode).name());
            m.put("score", backend.retriever(mode).scoreKind());
            m.put("default", mode.equals(backend.defaultMode()));
        }
        n.put("documents", backend.corpus().size());
        ObjectNode l = n.putObject("limits");
        l.put("max_body_bytes", limits.maxBodyBytes());
        l.put("max_k", limits.maxK());
        l.put("max_batch", limits.maxBatch());
        l.put("max_rerank", limits.maxRerank());
        l.put("max_query_chars", limits.maxQueryChars());
        return n;
    }

    private Object embed(ObjectNode request) {
        if (backend.encoder() == null) {
            throw new ApiException(404, "no encoder is loaded");
        }
        List<String> texts = texts(request, "texts");
        long t0 = System.nanoTime();
        float[][] vectors = backend.embed(texts);
        ObjectNode n = JSON.createObjectNode();
        n.put("model_id", backend.encoder().modelId());
        n.put("dimension", backend.encoder().dimension());
        ArrayNode rows = n.putArray("embeddings");
        for (float[] v : vectors) {
            ArrayNode row = rows.addArray();
            for (float x : v) {
                row.add(x);
            }
        }
        n.put("took_ms", (System.nanoTime() - t0) / 1e6);
        return n;
    }

    private Object search(ObjectNode request) {
        String query = text(request, "query");
        int k = integer(request, "k", 10, 1, limits.maxK());
        int rerank = integer(request, "rerank", 0, 0, limits.maxRerank());
        String mode = optionalString(request, "mode", backend.defaultMode());
        if (backend.retriever(mode) == null) {
            throw new ApiException(400, "unknown mode '" + mode + "': use one of " + backend.modes());
        }
        if (rerank > 0 && !backend.canRerank()) {
            throw new ApiException(400, "rerank needs a reranker: start the server with --reranker DIR");
        }
        long t0 = System.nanoTime();
        SearchBackend.SearchResult r = backend.search(query, k, mode, rerank);
        ObjectNode n = JSON.createObjectNode();
        n.put("query", query);
        n.put("mode", r.mode());
        n.put("retriever", backend.retriever(mode).name());
        n.put("score", r.scoreKind());
        n.put("reranked", r.reranked());
        ArrayNode hits = n.putArray("hits");
        for (SearchBackend.Hit h : r.hits()) {
            ObjectNode o = hits.addObject();
            o.put("rank", h.rank());
            o.put("id", h.id());
            o.put("score", h.score());
            o.put("text", h.text());
        }
        n.put("took_ms", (System.nanoTime() - t0) / 1e6);
        return n;
    }

    private Object rerank(ObjectNode request) {
        if (!backend.canRerank()) {
            throw new ApiException(404, "no reranker is loaded: start the server with --reranker DIR");
        }
        String query = text(request, "query");
        List<String> docs = texts(request, "documents");
        long t0 = System.nanoTime();
        float[] scores = backend.rerank(query, docs);
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Float.compare(scores[b], scores[a])); // stable: ties keep input order
        ObjectNode n = JSON.createObjectNode();
        n.put("score", backend.rerankScoreKind());
        ArrayNode s = n.putArray("scores");
        for (float x : scores) {
            s.add(x);
        }
        ArrayNode o = n.putArray("order");
        for (int i : order) {
            o.add(i);
        }
        n.put("took_ms", (System.nanoTime() - t0) / 1e6);
        return n;
    }

    private String text(ObjectNode request, String field) {
        JsonNode v = request.get(field);
        if (v == null || v.isNull()) {
            throw new ApiException(400, "missing field '" + field + "' (a string)");
        }
        if (!v.isTextual()) {
            throw new ApiException(
                    400,
                    "field '" + field + "' must be a string, got "
                            + v.getNodeType().name().toLowerCase());
        }
        return checkText(field, v.asText());
    }

    private String checkText(String what, String s) {
        if (s.isBlank()) {
            throw new ApiException(400, what + " must not be empty");
        }
        if (s.length() > limits.maxQueryChars()) {
            throw new ApiException(
                    400, what + " is " + s.length() + " characters long; the limit is " + limits.maxQueryChars());
        }
        return s;
    }

    private List<String> texts(ObjectNode request, String field) {
        JsonNode v = request.get(field);
        if (v == null || v.isNull()) {
            throw new ApiException(400, "missing field '" + field + "' (an array of strings)");
        }
        if (!v.isArray()) {
            throw new ApiException(
                    400,
                    "field '" + field + "' must be an array of strings, got "
                            + v.getNodeType().name().toLowerCase());
        }
        if (v.isEmpty()) {
            throw new ApiException(400, "field '" + field + "' is empty");
        }
        if (v.size() > limits.maxBatch()) {
            throw new ApiException(
                    400, "field '" + field + "' has " + v.size() + " entries; the limit is " + limits.maxBatch());
        }
        List<String> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            if (!e.isTextual()) {
                throw new ApiException(
                        400,
                        field + "[" + i + "] must be a string, got "
                                + e.getNodeType().name().toLowerCase());
            }
            out.add(checkText(field + "[" + i + "]", e.asText()));
        }
        return out;
    }

    private static String optionalString(ObjectNode request, String field, String fallback) {
        JsonNode v = request.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isTextual()) {
            throw new ApiException(
                    400,
                    "field '" + field + "' must be a string, got "
                            + v.getNodeType().name().toLowerCase());
        }
        return v.asText();
    }

    private static int integer(ObjectNode request, String field, int fallback, int min, int max) {
        JsonNode v = request.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new ApiException(
                    400, "field '" + field + "' must be an integer from " + min + " to " + max + ", got " + v);
        }
        int i = v.intValue();
        if (i < min || i > max) {
            throw new ApiException(400, "field '" + field + "' must be from " + min + " to " + max + ", got " + i);
        }
        return i;
    }

    private void fail(HttpExchange ex, int status, String message) throws IOException {
        errors.incrementAndGet();
        ObjectNode n = JSON.createObjectNode();
        n.put("error", message);
        n.put("status", status);
        send(ex, status, JSON.writeValueAsBytes(n));
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        if (ex.getRequestMethod().equals("HEAD")) {
            // the headers a GET would get, without the body (-1: no length given, as HEAD requires)
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }
}
