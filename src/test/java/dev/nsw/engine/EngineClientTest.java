package dev.nsw.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client's failover between node URLs, against small HTTP servers on 127.0.0.1 that stand in for nodes (the
 * real cluster's node kill is in {@link EngineClusterTest}): a refused connection, a connection dropped mid-request
 * and a node that does not answer in time move the request to the next node; an HTTP error is an answer.
 */
class EngineClientTest {
    private final List<HttpServer> servers = new java.util.ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(s -> s.stop(0));
    }

    /** A node answering every request with {@code status} and a JSON body naming it; counts its requests. */
    private String node(String name, int status, AtomicInteger requests) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.createContext("/", ex -> {
            requests.incrementAndGet();
            ex.getRequestBody().readAllBytes();
            byte[] body = ("{\"node\":\"" + name + "\"}").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        s.start();
        servers.add(s);
        return "http://127.0.0.1:" + s.getAddress().getPort();
    }

    private final List<ServerSocket> sockets = new java.util.ArrayList<>();

    /**
     * A node that reads the start of each request and then closes the connection without answering (a process
     * dying mid-request), or with {@code hang} keeps it open and never answers (a stopped process).
     */
    private String brokenNode(AtomicInteger requests, boolean hang) throws IOException {
        ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        sockets.add(socket);
        Thread.ofPlatform().daemon().start(() -> {
            while (!socket.isClosed()) {
                try {
                    var c = socket.accept();
                    requests.incrementAndGet();
                    c.getInputStream().read(new byte[4096]);
                    if (!hang) {
                        c.close();
                    }
                } catch (IOException e) {
                    return;
                }
            }
        });
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    @AfterEach
    void closeSockets() throws IOException {
        for (ServerSocket s : sockets) {
            s.close();
        }
    }

    private static String closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + s.getLocalPort();
        }
    }

    @Test
    void aRefusedConnectionMovesToTheNextNodeAndStaysThere() throws IOException {
        AtomicInteger b = new AtomicInteger();
        String dead = closedPort();
        String live = node("b", 200, b);
        EngineClient client = new EngineClient(dead + ", " + live);
        assertThat(client.base().toString()).isEqualTo(dead);
        assertThat(client.get("/_cluster/health").body().path("node").asText()).isEqualTo("b");
        assertThat(client.base().toString()).isEqualTo(live);
        assertThat(client.postNdjson("/_bulk", "{}\n").ok()).isTrue();
        assertThat(b.get()).isEqualTo(2);
    }

    @Test
    void aConnectionDroppedMidRequestIsSentAgainToTheNextNode() throws IOException {
        AtomicInteger dropped = new AtomicInteger();
        AtomicInteger b = new AtomicInteger();
        EngineClient client = new EngineClient(brokenNode(dropped, false) + "," + node("b", 200, b));
        assertThat(client.postNdjson("/_bulk", "{\"index\":{}}\n{}\n")
                        .body()
                        .path("node")
                        .asText())
                .isEqualTo("b");
        assertThat(dropped.get()).isEqualTo(1);
        assertThat(b.get()).isEqualTo(1);
    }

    @Test
    void aNodeThatDoesNotAnswerInTimeIsLeftForTheNext() throws IOException {
        AtomicInteger hung = new AtomicInteger();
        AtomicInteger b = new AtomicInteger();
        String live = node("b", 200, b);
        EngineClient client = new EngineClient(brokenNode(hung, true) + "," + live, Duration.ofSeconds(1));
        assertThat(client.post("/idx/_search", null).body().path("node").asText())
                .isEqualTo("b");
        assertThat(client.base().toString()).isEqualTo(live);
        assertThat(hung.get()).isEqualTo(1);
    }

    @Test
    void anHttpErrorIsTheClustersAnswerNotANodeFailure() throws IOException {
        AtomicInteger a = new AtomicInteger();
        AtomicInteger b = new AtomicInteger();
        String first = node("a", 404, a);
        EngineClient client = new EngineClient(first + "," + node("b", 200, b));
        assertThat(client.get("/missing").status()).isEqualTo(404);
        assertThat(client.base().toString()).isEqualTo(first);
        assertThat(b.get()).isZero();
    }

    @Test
    void whenNoNodeAnswersOneTypedLineNamesThemAll() throws IOException {
        String x = closedPort();
        String y = closedPort();
        EngineClient client = new EngineClient(x + "," + y, Duration.ofSeconds(5));
        assertThatThrownBy(() -> client.get("/"))
                .isInstanceOfSatisfying(
                        EngineUnavailableException.class,
                        e -> assertThat(e.nodes()).containsExactly(URI.create(x), URI.create(y)))
                .hasMessageStartingWith(
                        "no node of the engine answers (" + x + "," + y + "; last: no engine answers at ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void urlListsAreParsedOnceEachAndABadOneIsNamed() {
        assertThat(EngineClient.parseAll("http://127.0.0.1:9200/, http://127.0.0.1:9201,http://127.0.0.1:9200"))
                .containsExactly(URI.create("http://127.0.0.1:9200"), URI.create("http://127.0.0.1:9201"));
        assertThatThrownBy(() -> EngineClient.parseAll("http://127.0.0.1:9200,127.0.0.1:9201"))
                .isInstanceOf(EngineException.class)
                .hasMessageStartingWith("bad engine URL '127.0.0.1:9201': ");
        assertThatThrownBy(() -> EngineClient.parseAll("http://127.0.0.1:9200,"))
                .hasMessageContaining("bad engine URL ''");
    }
}
