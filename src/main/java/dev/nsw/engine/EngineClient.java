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

/**
 * The HTTP JSON client of an OpenSearch 3.x engine ({@code java.net.http} + Jackson; no OpenSearch jars), shared
 * by push, recall and the engine commands. Every failure becomes an {@link EngineException} whose one line names
 * the URL and what to do.
 */
public final class EngineClient {
    static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
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

    public EngineClient(String url) {
        this(url, Duration.ofSeconds(60));
    }

    public EngineClient(String url, Duration requestTimeout) {
        this.base = parse(url);
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
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

    public URI base() {
        return base;
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

    /** The request as sent; connection failures and time-outs become one line naming the URL. */
    public Response send(String method, String path, String body, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path))
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
            JsonNode json = text == null || text.isBlank() ? MissingNode.getInstance() : readJson(text, path);
            return new Response(r.statusCode(), json);
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new EngineException(
                    "no engine answers at " + base + " (is it running? start one with `nsw engine start`)", e);
        } catch (HttpTimeoutException e) {
            throw new EngineException(
                    "the engine at " + base + " did not answer " + method + " " + path + " within "
                            + requestTimeout.toSeconds() + " s",
                    e);
        } catch (IOException e) {
            throw new EngineException("talking to the engine at " + base + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("interrupted while talking to the engine at " + base, e);
        }
    }

    private JsonNode readJson(String text, String path) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new EngineException("the server at " + base + " answered " + path
                    + " with something other than JSON: is it an OpenSearch engine?");
        }
    }

    /** The response, or an {@link EngineException} with OpenSearch's reason. */
    public Response require(Response r, String what) {
        if (!r.ok()) {
            throw new EngineException(what + " failed at " + base + ": " + r.errorReason());
        }
        return r;
    }

    /** The cluster health status ("green", "yellow", "red"); waits up to {@code waitSeconds} for {@code wanted}. */
    public String health(String wanted, int waitSeconds) {
        Response r = get("/_cluster/health?wait_for_status=" + wanted + "&timeout=" + waitSeconds + "s");
        return r.body().path("status").asText("unknown");
    }
}
