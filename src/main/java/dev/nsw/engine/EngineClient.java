package dev.nsw.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The HTTP JSON client of an OpenSearch 3.x engine ({@code java.net.http} + Jackson; no OpenSearch jars), shared
 * by push, recall and the engine commands. Every failure becomes an {@link EngineException} whose one line names
 * the URL and what to do.
 *
 * <p><b>Several nodes.</b> The client takes one or more node URLs ({@code http://a:9200,http://b:9200}) and talks
 * to one at a time. When that node stops answering — connection refused or dropped, or no answer within the
 * request time-out — the same request goes to the next node, and later requests stay there: reads and bulk
 * writes go on through a node's death without the caller noticing. Re-sending is safe because every request nsw
 * makes is idempotent (searches; bulk {@code index} actions under the corpus ids overwrite). When no node answers,
 * {@link EngineUnavailableException}. An HTTP error from a node that did answer is the cluster's answer, not a
 * node failure, and is returned as it is.
 */
public final class EngineClient {
    static final ObjectMapper JSON = new ObjectMapper();

    private final List<URI> nodes;
    /** The node requests go to; moves on when it stops answering. */
    private final AtomicInteger current = new AtomicInteger();

    private final HttpClient http;
    private final Duration requestTimeout;

    /** One response: the HTTP status and the parsed body ({@link MissingNode} when empty). */
    public record Response(int status, JsonNode body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /** OpenSearch's error type ("index_not_found_exception", …) or "". */
        public String errorType() {
            return body.path("error").path("type").asText("");
        }

        /** OpenSearch's error reason, or the status. */
        public String errorReason() {
            String reason = body.path("error").path("reason").asText("");
            return reason.isEmpty() ? "HTTP " + status : reason;
        }
    }

    /** @param urls one node URL, or several separated by commas ({@link #parseAll}) */
    public EngineClient(String urls) {
        this(urls, Duration.ofSeconds(60));
    }

    public EngineClient(String urls, Duration requestTimeout) {
        this(parseAll(urls), requestTimeout);
    }

    /** A client of the nodes at {@code nodes}, tried in this order. */
    public EngineClient(List<URI> nodes, Duration requestTimeout) {
        if (nodes.isEmpty()) {
            throw new EngineException("no engine URL given: expected http://HOST:PORT, e.g. http://127.0.0.1:9200");
        }
        this.nodes = List.copyOf(nodes);
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /**
     * Node URLs separated by commas (spaces allowed), each {@code http://host:port}; duplicates are dropped.
     * Anything else is refused in one line naming the bad URL.
     */
    public static List<URI> parseAll(String urls) {
        Set<URI> out = new LinkedHashSet<>();
        for (String u : (urls == null ? "" : urls).split(",", -1)) {
            out.add(parse(u));
        }
        return List.copyOf(out);
    }

    /** {@code http://host:port} (a trailing slash is dropped); anything else is refused in one line. */
    static URI parse(String url) {
        String trimmed = url == null ? "" : url.strip().replaceAll("/+$", "");
        try {
            URI u = new URI(trimmed);
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())
                    || u.getHost() == null
                    || u.getPort() == 0
                    || (u.getPath() != null && !u.getPath().isEmpty())
                    || u.getQuery() != null) {
                throw new EngineException(
                        "bad engine URL '" + url + "': expected http://HOST:PORT, e.g. http://127.0.0.1:9200");
            }
            return u;
        } catch (URISyntaxException e) {
            throw new EngineException("bad engine URL '" + url + "': " + e.getReason() + "; expected http://HOST:PORT");
        }
    }

    /** The node requests go to now (the first that answered). */
    public URI base() {
        return nodes.get(current.get());
    }

    /** Every node URL this client may use, in the order they are tried. */
    public List<URI> nodes() {
        return nodes;
    }

    /** The node URLs as one would type them: comma-separated. */
    public String urls() {
        return nodes.stream().map(URI::toString).collect(Collectors.joining(","));
    }

    public Response get(String path) {
        return send("GET", path, null, "application/json");
    }

    public Response put(String path, JsonNode body) {
        return send("PUT", path, body.toString(), "application/json");
    }

    public Response post(String path, JsonNode body) {
        return send("POST", path, body == null ? null : body.toString(), "application/json");
    }

    /** A {@code _bulk} request: newline-delimited JSON, one action line and one source line per document. */
    public Response postNdjson(String path, String ndjson) {
        return send("POST", path, ndjson, "application/x-ndjson");
    }

    /**
     * The request as sent to the current node, and to the next ones in turn while a node does not answer; a node
     * that answered becomes the current one. When none answers: {@link EngineUnavailableException}, one line.
     */
    public Response send(String method, String path, String body, String contentType) {
        int first = current.get();
        IOException lastFailure = null;
        String lastReason = "";
        for (int attempt = 0; attempt < nodes.size(); attempt++) {
            int i = (first + attempt) % nodes.size();
            URI node = nodes.get(i);
            try {
                Response r = sendTo(node, method, path, body, contentType);
                if (i != first) {
                    current.compareAndSet(first, i);
                }
                return r;
            } catch (IOException e) {
                lastFailure = e;
                lastReason = reason(node, method, path, e);
            }
        }
        if (nodes.size() == 1) {
            throw new EngineUnavailableException(lastReason, nodes, lastFailure);
        }
        throw new EngineUnavailableException(
                "no node of the engine answers (" + urls() + "; last: " + lastReason + ")", nodes, lastFailure);
    }

    private Response sendTo(URI node, String method, String path, String body, String contentType) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(node.resolve(path))
                .timeout(requestTimeout)
                .header("Content-Type", contentType);
        b.method(
                method,
                body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            String text = r.body();
            JsonNode json = text == null || text.isBlank() ? MissingNode.getInstance() : readJson(text, node, path);
            return new Response(r.statusCode(), json);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("interrupted while talking to the engine at " + node, e);
        }
    }

    /** One line for a node that did not answer. */
    private String reason(URI node, String method, String path, IOException e) {
        if (e instanceof ConnectException || e instanceof HttpConnectTimeoutException) {
            return "no engine answers at " + node + " (is it running? start one with `nsw engine start`)";
        }
        if (e instanceof HttpTimeoutException) {
            return "the engine at " + node + " did not answer " + method + " " + path + " within "
                    + requestTimeout.toSeconds() + " s";
        }
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return "talking to the engine at " + node + " failed: "
                + detail.lines().findFirst().orElse(detail);
    }

    private static JsonNode readJson(String text, URI node, String path) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new EngineException("the server at " + node + " answered " + path
                    + " with something other than JSON: is it an OpenSearch engine?");
        }
    }

    /** The response, or an {@link EngineException} with OpenSearch's reason. */
    public Response require(Response r, String what) {
        if (!r.ok()) {
            throw new EngineException(what + " failed at " + base() + ": " + r.errorReason());
        }
        return r;
    }

    /** The cluster health status ("green", "yellow", "red"); waits up to {@code waitSeconds} for {@code wanted}. */
    public String health(String wanted, int waitSeconds) {
        Response r = get("/_cluster/health?wait_for_status=" + wanted + "&timeout=" + waitSeconds + "s");
        return r.body().path("status").asText("unknown");
    }
}
