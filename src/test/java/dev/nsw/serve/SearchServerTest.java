package dev.nsw.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nsw.data.Corpus;
import dev.nsw.data.Document;
import dev.nsw.encoder.Encoder;
import dev.nsw.index.VectorIndex;
import dev.nsw.job.CancellationToken;
import dev.nsw.job.ProgressListener;
import dev.nsw.lexical.Bm25Index;
import dev.nsw.lexical.Bm25Options;
import dev.nsw.lexical.LexicalAnalyzer;
import dev.nsw.rank.PairScorer;
import dev.nsw.retrieval.Bm25Retriever;
import dev.nsw.retrieval.DenseRecall;
import dev.nsw.retrieval.DenseRetriever;
import dev.nsw.retrieval.Retriever;
import dev.nsw.train.TinyEncoders;
import dev.nsw.train.TrainingPair;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code nsw serve} on loopback: answers, scores checked against the core, 4xx for bad input, graceful stop. */
class SearchServerTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static Encoder encoder;
    static Corpus corpus;
    static float[][] docVectors;
    static SearchBackend backend;
    static SearchServer server;
    static volatile long scorerSleepMillis;

    /** A reranker stand-in: the share of the title's characters that occur in the query (deterministic, checkable). */
    static float overlap(String q, String t) {
        long hits = t.chars().filter(c -> q.indexOf(c) >= 0).count();
        return (float) hits / t.length();
    }

    @BeforeAll
    static void start() throws Exception {
        encoder = TinyEncoders.create(5, 0f);
        List<Document> docs = new ArrayList<>();
        for (TrainingPair p : TinyEncoders.pairs()) {
            docs.add(new Document("d" + docs.size(), p.positive()));
        }
        corpus = Corpus.of(docs);
        docVectors = encoder.embed(docs.stream().map(Document::text).toList());
        VectorIndex index = DenseRecall.buildIndex(
                encoder.modelId(),
                docVectors,
                corpus,
                DenseRecall.IndexSpec.exact(),
                ProgressListener.NONE,
                CancellationToken.NEVER);
        Bm25Index bm25 = Bm25Index.buildInMemory(
                corpus,
                Bm25Options.defaults(LexicalAnalyzer.fromCliName("standard")),
                ProgressListener.NONE,
                CancellationToken.NEVER);
        Map<String, Retriever> modes = new LinkedHashMap<>();
        modes.put("dense", new DenseRetriever(encoder, index, "tiny"));
        modes.put("bm25", new Bm25Retriever(bm25));
        PairScorer scorer = new PairScorer() {
            @Override
            public float[] score(List<String> q, List<String> t, ProgressListener progress, CancellationToken cancel) {
                if (scorerSleepMillis > 0) {
                    try {
                        Thread.sleep(scorerSleepMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                float[] out = new float[q.size()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = overlap(q.get(i), t.get(i));
                }
                return out;
            }

            @Override
            public String scoreKind() {
                return "overlap";
            }
        };
        backend = new SearchBackend(corpus, modes, encoder, scorer, "overlap", List.of(encoder, bm25));
        SearchServer.Limits d = SearchServer.Limits.defaults();
        server = SearchServer.start(backend, 0, new SearchServer.Limits(64 * 1024, 20, 8, 10, 200, 2, 5_000));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop(1);
        }
        if (backend != null) {
            backend.close();
        }
    }

    static HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode ok(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        return JSON.readTree(r.body());
    }

    @Test
    void healthModelsAndOpenApi() throws Exception {
        assertThat(ok(get("/health")).path("documents").asInt()).isEqualTo(corpus.size());
        JsonNode models = ok(get("/models"));
        assertThat(models.path("encoder").path("model_id").asText()).isEqualTo(encoder.modelId());
        assertThat(models.path("encoder").path("dimension").asInt()).isEqualTo(16);
        assertThat(models.path("modes").get(0).path("mode").asText()).isEqualTo("dense");
        JsonNode api = ok(get("/openapi.json"));
        assertThat(api.path("openapi").asText()).startsWith("3.");
        for (String p : new String[] {"/health", "/models", "/embed", "/search", "/rerank"}) {
            assertThat(api.path("paths").has(p)).as(p).isTrue();
        }
        assertThat(api.path("servers").get(0).path("url").asText())
                .as("the port actually served, not 8765")
                .isEqualTo("http://127.0.0.1:" + server.port());
    }

    @Test
    void embedGivesTheEncodersVectors() throws Exception {
        JsonNode r = ok(post("/embed", "{\"texts\": [\"今天天气怎么样\", \"信用卡怎么还款\"]}"));
        float[][] expected = encoder.embed(List.of("今天天气怎么样", "信用卡怎么还款"));
        JsonNode rows = r.path("embeddings");
        assertThat(rows.size()).isEqualTo(2);
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 16; j++) {
                assertThat(rows.get(i).get(j).floatValue()).isCloseTo(expected[i][j], within(1e-6f));
            }
        }
    }

    @Test
    void denseSearchScoresAreCosinesOfTheDocuments() throws Exception {
        String query = "今天天气怎么样";
        JsonNode r = ok(post("/search", "{\"query\": \"" + query + "\", \"k\": 5}"));
        assertThat(r.path("mode").asText()).isEqualTo("dense");
        assertThat(r.path("score").asText()).isEqualTo("cosine");
        JsonNode hits = r.path("hits");
        assertThat(hits.size()).isEqualTo(5);
        // independent check: the cosine of the query with every document, best 5
        float[] q = encoder.embed(List.of(query))[0];
        List<double[]> all = new ArrayList<>();
        for (int i = 0; i < docVectors.length; i++) {
            double dot = 0;
            for (int j = 0; j < q.length; j++) {
                dot += q[j] * docVectors[i][j];
            }
            all.add(new double[] {i, dot});
        }
        all.sort((a, b) -> Double.compare(b[1], a[1]));
        for (int i = 0; i < 5; i++) {
            assertThat(hits.get(i).path("rank").asInt()).isEqualTo(i + 1);
            assertThat(hits.get(i).path("score").asDouble()).isCloseTo(all.get(i)[1], within(1e-5));
            assertThat(hits.get(i).path("text").asText())
                    .isEqualTo(corpus.get((int) all.get(i)[0]).text());
        }
    }

    @Test
    void bm25FindsTheExactText() throws Exception {
        JsonNode r = ok(post("/search", "{\"query\": \"红烧肉的做法\", \"k\": 3, \"mode\": \"bm25\"}"));
        assertThat(r.path("score").asText()).isEqualTo("BM25");
        assertThat(r.path("hits").get(0).path("text").asText()).isEqualTo("红烧肉的做法");
    }

    @Test
    void rerankOrdersByTheScorer() throws Exception {
        String query = "怎样做红烧肉";
        JsonNode r =
                ok(post("/rerank", "{\"query\": \"" + query + "\", \"documents\": [\"今日天气如何\", \"红烧肉的做法\", \"红烧肉\"]}"));
        float[] expected = {overlap(query, "今日天气如何"), overlap(query, "红烧肉的做法"), overlap(query, "红烧肉")};
        for (int i = 0; i < 3; i++) {
            assertThat(r.path("scores").get(i).floatValue()).isEqualTo(expected[i]);
        }
        assertThat(r.path("order").toString()).isEqualTo("[2,1,0]");
        JsonNode s =
                ok(post("/search", "{\"query\": \"" + query + "\", \"k\": 3, \"mode\": \"dense\", \"rerank\": 10}"));
        assertThat(s.path("reranked").asBoolean()).isTrue();
        assertThat(s.path("score").asText()).isEqualTo("overlap");
        JsonNode hits = s.path("hits");
        assertThat(hits.size()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            assertThat(hits.get(i).path("score").floatValue())
                    .isEqualTo(overlap(query, hits.get(i).path("text").asText()));
            if (i > 0) {
                assertThat(hits.get(i).path("score").asDouble())
                        .isLessThanOrEqualTo(hits.get(i - 1).path("score").asDouble());
            }
        }
    }

    @Test
    void badRequestsGetJsonErrorsAndTheServerKeepsServing() throws Exception {
        record Case(String path, String body, int status, String message) {}
        String huge = "{\"query\": \"" + "长".repeat(10 * 1024 * 1024 / 3) + "\"}"; // ~10 MB of UTF-8
        List<Case> cases = List.of(
                new Case("/search", "{\"query\": \"x\"", 400, "malformed JSON"),
                new Case("/search", "[1, 2]", 400, "must be a JSON object"),
                new Case("/search", "{\"query\": \"x\", \"k\": 100000}", 400, "'k' must be from 1 to 20"),
                new Case("/search", "{\"query\": \"x\", \"k\": \"ten\"}", 400, "'k' must be an integer"),
                new Case("/search", "{\"query\": \"x\", \"k\": 2.5}", 400, "'k' must be an integer"),
                new Case("/search", "{\"query\": 42}", 400, "'query' must be a string"),
                new Case("/search", "{}", 400, "missing field 'query'"),
                new Case("/search", "{\"query\": \"   \"}", 400, "must not be empty"),
                new Case("/search", "{\"query\": \"x\", \"mode\": \"hybrid\"}", 400, "unknown mode 'hybrid'"),
                new Case("/search", "{\"query\": \"" + "长".repeat(201) + "\"}", 400, "the limit is 200"),
                new Case("/search", huge, 413, "exceeds 65536 bytes"),
                new Case("/embed", "{\"texts\": \"one\"}", 400, "must be an array of strings"),
                new Case("/embed", "{\"texts\": []}", 400, "is empty"),
                new Case(
                        "/embed",
                        "{\"texts\": [\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\"]}",
                        400,
                        "the limit is 8"),
                new Case("/embed", "{\"texts\": [\"a\", 3]}", 400, "texts[1] must be a string"),
                new Case("/rerank", "{\"query\": \"x\"}", 400, "missing field 'documents'"),
                new Case("/nope", "{}", 404, "no such endpoint"));
        for (Case c : cases) {
            HttpResponse<String> r = post(c.path(), c.body());
            assertThat(r.statusCode()).as(c.path() + " " + c.message()).isEqualTo(c.status());
            JsonNode e = JSON.readTree(r.body());
            assertThat(e.path("status").asInt()).isEqualTo(c.status());
            assertThat(e.path("error").asText()).as(c.message()).contains(c.message());
        }
        HttpResponse<String> wrongMethod = get("/search");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("POST");
        assertThat(ok(get("/health")).path("status").asText()).isEqualTo("ok");
        assertThat(ok(post("/search", "{\"query\": \"今天天气怎么样\", \"k\": 1}"))
                        .path("hits")
                        .size())
                .isEqualTo(1);
    }

    @Test
    void stopLetsRunningRequestsFinishThenRefusesConnections() throws Exception {
        SearchServer second = SearchServer.start(backend, 0, SearchServer.Limits.defaults());
        int port = second.port();
        scorerSleepMillis = 800;
        try {
            CompletableFuture<HttpResponse<String>> slow = HTTP.sendAsync(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/rerank"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"query\": \"q\", \"documents\": [\"q\"]}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            Thread.sleep(300); // the request is inside the scorer now
            second.stop(5);
            HttpResponse<String> r = slow.get();
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        } finally {
            scorerSleepMillis = 0;
        }
        assertThatThrownBy(() -> HTTP.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(ConnectException.class);
    }

    // --- issue 21: a loopback server is reachable from every web page the user opens

    /**
     * One raw HTTP/1.1 exchange (the Host and Origin a browser would send cannot be set through HttpClient): the
     * status line, headers and the body of the length the answer declares, without waiting for the connection to end.
     */
    static String raw(int port, String request) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            java.io.DataInputStream in = new java.io.DataInputStream(socket.getInputStream());
            StringBuilder head = new StringBuilder();
            int length = 0;
            for (String line; !(line = readLine(in)).isEmpty(); ) {
                head.append(line).append('\n');
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).strip());
                }
            }
            byte[] body = new byte[request.startsWith("HEAD ") ? 0 : length];
            in.readFully(body);
            return head + "\n" + new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static String readLine(java.io.InputStream in) throws java.io.IOException {
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        for (int b; (b = in.read()) >= 0 && b != '\n'; ) {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    static String search(int port, String headers) throws Exception {
        String body = "{\"query\": \"今天天气怎么样\", \"k\": 1}";
        int length = body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        return raw(
                port,
                "POST /search HTTP/1.1\r\n" + headers + "Content-Length: " + length + "\r\nConnection: close\r\n\r\n"
                        + body);
    }

    static String status(String response) {
        return response.lines().findFirst().orElse("");
    }

    @Test
    void aForeignHostOrOriginOrANonJsonBodyIsRefusedAndNoCorsHeaderIsSent() throws Exception {
        int port = server.port();
        String json = "Content-Type: application/json\r\n";
        String rebinding = search(port, "Host: attacker.example\r\nOrigin: http://evil.example\r\n" + json);
        assertThat(status(rebinding)).contains(" 403 ");
        assertThat(rebinding)
                .contains("attacker.example")
                .contains("--allowed_hosts")
                .doesNotContain("天气");
        String simpleRequest = search(
                port, "Host: 127.0.0.1:" + port + "\r\nOrigin: http://evil.example\r\nContent-Type: text/plain\r\n");
        assertThat(status(simpleRequest)).contains(" 403 ");
        assertThat(simpleRequest).contains("evil.example").doesNotContain("天气");
        assertThat(status(search(port, "Host: 127.0.0.1:" + port + "\r\nContent-Type: text/plain\r\n")))
                .contains(" 415 ");
        assertThat(status(search(port, "Host: 127.0.0.1:" + port + "\r\n"))).contains(" 415 ");
        for (String host : List.of("127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port, "LOCALHOST:" + port)) {
            String r = search(port, "Host: " + host + "\r\nContent-Type: application/json; charset=utf-8\r\n");
            assertThat(status(r)).as(host).contains(" 200 ");
            assertThat(r.toLowerCase(java.util.Locale.ROOT)).doesNotContain("access-control-");
        }
        assertThat(status(search(
                        port, "Host: localhost:" + port + "\r\nOrigin: http://localhost:" + port + "\r\n" + json)))
                .as("a page of the server's own address")
                .contains(" 200 ");
        assertThat(status(search(port, "Host: localhost:" + (port + 1) + "\r\n" + json)))
                .contains(" 403 ");
        String preflight = raw(
                port,
                "OPTIONS /search HTTP/1.1\r\nHost: 127.0.0.1:" + port
                        + "\r\nOrigin: http://127.0.0.1:" + port + "\r\nAccess-Control-Request-Method: POST\r\n"
                        + "Connection: close\r\n\r\n");
        assertThat(status(preflight)).contains(" 405 ");
        assertThat(preflight.toLowerCase(java.util.Locale.ROOT)).doesNotContain("access-control-allow");
    }

    @Test
    void withATokenEveryRequestNeedsItAndAllowedHostsAreAnswered() throws Exception {
        try (SearchServer guarded = SearchServer.start(
                backend,
                0,
                SearchServer.Limits.defaults(),
                new SearchServer.Access(List.of("nsw.test", "proxy.example:443"), "s3cret-token"))) {
            int port = guarded.port();
            String json = "Content-Type: application/json\r\n";
            String none = search(port, "Host: 127.0.0.1:" + port + "\r\n" + json);
            assertThat(status(none)).contains(" 401 ");
            assertThat(none.toLowerCase(java.util.Locale.ROOT)).contains("www-authenticate: bearer");
            assertThat(none).doesNotContain("天气");
            assertThat(status(search(
                            port, "Host: 127.0.0.1:" + port + "\r\nAuthorization: Bearer s3cret-toke\r\n" + json)))
                    .contains(" 401 ");
            String bearer = "Authorization: Bearer s3cret-token\r\n";
            assertThat(status(search(port, "Host: 127.0.0.1:" + port + "\r\n" + bearer + json)))
                    .contains(" 200 ");
            assertThat(status(search(port, "Host: nsw.test:" + port + "\r\n" + bearer + json)))
                    .contains(" 200 ");
            assertThat(status(search(port, "Host: nsw.test\r\n" + bearer + json)))
                    .contains(" 200 ");
            assertThat(status(search(port, "Host: proxy.example:443\r\n" + bearer + json)))
                    .contains(" 200 ");
            assertThat(status(search(port, "Host: other.test:" + port + "\r\n" + bearer + json)))
                    .contains(" 403 ");
            assertThat(status(raw(
                            port, "GET /health HTTP/1.1\r\nHost: localhost:" + port + "\r\nConnection: close\r\n\r\n")))
                    .as("health too")
                    .contains(" 401 ");
            String api = raw(
                    port,
                    "GET /openapi.json HTTP/1.1\r\nHost: localhost:" + port + "\r\n" + bearer
                            + "Connection: close\r\n\r\n");
            assertThat(api).contains("\"scheme\" : \"bearer\"").contains("http://127.0.0.1:" + port);
        }
    }

    @Test
    void aHugeDeclaredLengthIsAnswered413AtOnceAndStrictJsonIsRequired() throws Exception {
        int port = server.port();
        long t0 = System.nanoTime();
        String huge = raw(
                port,
                "POST /search HTTP/1.1\r\nHost: 127.0.0.1:" + port
                        + "\r\nContent-Type: application/json\r\nContent-Length: 1000000000000\r\n\r\n{\"query\"");
        assertThat(status(huge)).contains(" 413 ");
        assertThat((System.nanoTime() - t0) / 1e9).as("seconds to the answer").isLessThan(5);
        for (String bad : List.of(
                "{\"query\": \"x\"} trailing",
                "{\"query\": \"x\"}{\"query\": \"y\"}",
                "{\"query\": \"x\", \"query\": \"y\"}")) {
            HttpResponse<String> r = post("/search", bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(JSON.readTree(r.body()).path("error").asText()).as(bad).startsWith("malformed JSON");
        }
    }

    @Test
    void headIsAnsweredLikeGetWithoutABodyAndWithoutAJdkWarning() throws Exception {
        java.util.logging.Logger jdk = java.util.logging.Logger.getLogger("com.sun.net.httpserver");
        List<java.util.logging.LogRecord> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                if (r.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
                    warnings.add(r);
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        jdk.addHandler(capture);
        try {
            HttpResponse<String> head = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health"))
                            .method("HEAD", HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.body()).isEmpty();
            assertThat(head.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        } finally {
            jdk.removeHandler(capture);
        }
        assertThat(warnings).extracting(java.util.logging.LogRecord::getMessage).isEmpty();
    }
}
