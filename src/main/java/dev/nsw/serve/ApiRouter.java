package dev.nsw.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every request's way through the server: the {@link AccessPolicy} check, the route to an endpoint (405 for the
 * wrong method, 404 for no endpoint), a worker permit for each model call (503 after the queue timeout), and every
 * error answered as {@code {"error": "...", "status": N}} — bad input never stops the server.
 */
final class ApiRouter implements HttpHandler {

    /** A GET endpoint: answers a JSON tree, or ready bytes. */
    interface GetEndpoint {
        Object answer() throws IOException;
    }

    /** A POST endpoint: answers a JSON request body. */
    interface PostEndpoint {
        Object answer(JsonRequest request) throws IOException;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AccessPolicy access;
    private final SearchServer.Limits limits;
    private final Semaphore workers;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final GetEndpoint health;
    private final GetEndpoint models;
    private final GetEndpoint openApi;
    private final PostEndpoint embed;
    private final PostEndpoint search;
    private final PostEndpoint rerank;

    ApiRouter(AccessPolicy access, SearchBackend backend, SearchServer.Limits limits, byte[] openApiDocument) {
        this.access = access;
        this.limits = limits;
        this.workers = new Semaphore(limits.workers(), true);
        this.health = new HealthEndpoint(backend, requests::get);
        this.models = new ModelsEndpoint(backend, limits);
        this.openApi = () -> openApiDocument;
        this.embed = new EmbedEndpoint(backend);
        this.search = new SearchEndpoint(backend, limits);
        this.rerank = new RerankEndpoint(backend);
    }

    /** Requests answered so far. */
    long requests() {
        return requests.get();
    }

    /** How many answers were errors (4xx/5xx). */
    long errors() {
        return errors.get();
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        try (ex) {
            try {
                access.check(ex);
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

    private Object route(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        return switch (path) {
            case "/health" -> get(ex, method, health);
            case "/models" -> get(ex, method, models);
            case "/openapi.json" -> get(ex, method, openApi);
            case "/embed" -> post(ex, method, embed);
            case "/search" -> post(ex, method, search);
            case "/rerank" -> post(ex, method, rerank);
            default ->
                throw new ApiException(
                        404,
                        "no such endpoint: " + path
                                + " (GET /health, /models, /openapi.json; POST /embed, /search, /rerank)");
        };
    }

    private Object get(HttpExchange ex, String method, GetEndpoint answer) throws IOException {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            ex.getResponseHeaders().set("Allow", "GET, HEAD");
            throw new ApiException(405, method + " is not allowed here; use GET");
        }
        return answer.answer();
    }

    private Object post(HttpExchange ex, String method, PostEndpoint answer) throws IOException {
        if (!method.equals("POST")) {
            ex.getResponseHeaders().set("Allow", "POST");
            throw new ApiException(405, method + " is not allowed here; use POST with a JSON body");
        }
        JsonRequest request = JsonRequest.read(ex, limits);
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
