package dev.nsw.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nsw.io.AtomicFiles;
import dev.nsw.io.OwnedFolder;
import dev.nsw.job.CancellationToken;
import dev.nsw.job.ProgressListener;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A local OpenSearch cluster of child JVMs, one per node ({@code dev.nsw.engine.server.EngineNodeMain}), all on
 * 127.0.0.1. The data folder is nsw's ({@link OwnedFolder}); its {@value #STATE_FILE} records each node's pid and
 * ports, so {@code engine status} and {@code engine stop} work from any process.
 *
 * <p>The server jars are not part of the app's class path: a source build lists them in
 * {@code target/engine-classpath.txt} and unpacks the k-NN plugin into {@code target/engine-lib}; a node's class
 * path is this JVM's class path plus those.
 */
public final class EngineCluster {
    public static final String STATE_FILE = "engine.json";
    static final String NODE_MAIN = "dev.nsw.engine.server.EngineNodeMain";
    /** First argument of every node JVM, how {@link #isOurs} tells our nodes from a process that reused a pid. */
    static final String NODE_MARKER = "-Dnsw.engine.node=";

    private EngineCluster() {}

    /** One node process. */
    public record NodeProcess(String name, long pid, int httpPort, int transportPort, Path log) {
        public boolean alive() {
            return ProcessHandle.of(pid).map(p -> p.isAlive() && isOurs(p)).orElse(false);
        }

        public String url() {
            return "http://127.0.0.1:" + httpPort;
        }
    }

    /** Never signal a process that is not one of our nodes (a pid reused by something else). */
    static boolean isOurs(ProcessHandle p) {
        // the marker comes before the long class path: /proc's command line may be cut short after it
        return p.info().commandLine().map(c -> c.contains(NODE_MARKER)).orElse(false);
    }

    /** A started cluster as recorded in its data folder. */
    public record State(Path dataDir, List<NodeProcess> nodes) {
        /** The first node's URL: any node answers for the whole cluster. */
        public String url() {
            return nodes.get(0).url();
        }

        /**
         * Every node's URL, comma-separated, for {@code --engine} and {@link EngineClient}: a client given them all
         * goes on through the death of the node it talks to.
         */
        public String urls() {
            return nodes.stream().map(NodeProcess::url).collect(Collectors.joining(","));
        }

        public List<NodeProcess> alive() {
            return nodes.stream().filter(NodeProcess::alive).toList();
        }
    }

    /** Where a source build keeps the engine's extra class path ({@link dev.nsw.io.BuildDir}). */
    static Path buildDir() {
        return dev.nsw.io.BuildDir.get();
    }

    /** This JVM's class path, the engine's jars and the unpacked k-NN plugin; one line when the engine is not built. */
    static String nodeClasspath() {
        Path dir = buildDir();
        Path listed = dir.resolve("engine-classpath.txt");
        Path knn = dir.resolve("engine-lib").resolve("opensearch-knn");
        if (!Files.isRegularFile(listed) || !Files.isDirectory(knn)) {
            throw new EngineException(
                    "the engine's server jars are not installed here (no " + listed + " and " + knn
                            + "): `nsw engine start` runs from a source build (./nsw builds them); any OpenSearch 3.x can be used with --engine URL");
        }
        Set<String> entries = new LinkedHashSet<>(
                Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator)));
        try (Stream<Path> jars = Files.list(knn)) {
            entries.addAll(Arrays.asList(
                    Files.readString(listed, StandardCharsets.UTF_8).strip().split(File.pathSeparator)));
            jars.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(p -> entries.add(p.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        entries.remove("");
        return String.join(File.pathSeparator, entries);
    }

    /**
     * How many nodes (the first ones) may be elected cluster manager. A cluster keeps working only while a majority
     * of those is alive: with 2 eligible nodes, OpenSearch votes with one of them, and losing that one stops the
     * cluster. So 1 or 2 nodes have one manager (node-0; losing node-1 loses nothing with 1 replica), 3 or more have
     * 3 (any one node may be lost).
     */
    static int managers(int nodes) {
        return nodes >= 3 ? 3 : 1;
    }

    /** Where a local cluster keeps its nodes, pids and ports unless told otherwise: {@code ~/.cache/nsw/engine}. */
    public static Path defaultDataDir() {
        return Path.of(System.getProperty("user.home"), ".cache", "nsw", "engine");
    }

    /** The recorded cluster of {@code dataDir}, if one was started there (its nodes may have died since). */
    public static Optional<State> read(Path dataDir) {
        Path file = dataDir.resolve(STATE_FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode json = EngineClient.JSON.readTree(file.toFile());
            List<NodeProcess> nodes = new ArrayList<>();
            for (JsonNode n : json.path("nodes")) {
                nodes.add(new NodeProcess(
                        n.path("name").asText(),
                        n.path("pid").asLong(),
                        n.path("http_port").asInt(),
                        n.path("transport_port").asInt(),
                        dataDir.resolve(n.path("log").asText())));
            }
            return Optional.of(new State(dataDir, nodes));
        } catch (IOException e) {
            throw new EngineException(file + ": unreadable engine state: " + e.getMessage());
        }
    }

    /**
     * Starts {@code nodes} nodes and waits until the cluster is green with all of them.
     *
     * @param basePort 0 for free ports; else HTTP on basePort…basePort+n-1 and transport on basePort+100…
     * @param heap each node's -Xmx, e.g. "1g"
     */
    public static State start(
            Path dataDir,
            int nodes,
            int basePort,
            String heap,
            Duration timeout,
            ProgressListener progress,
            CancellationToken cancel) {
        if (nodes < 1) {
            throw new IllegalArgumentException("--nodes must be at least 1");
        }
        String classpath = nodeClasspath();
        OwnedFolder.claim(dataDir, OwnedFolder.Kind.ENGINE_DATA);
        Optional<State> previous = read(dataDir);
        if (previous.isPresent() && !previous.get().alive().isEmpty()) {
            throw new EngineException("an engine already runs from " + dataDir + " at "
                    + previous.get().url()
                    + " (pids "
                    + previous.get().alive().stream()
                            .map(n -> String.valueOf(n.pid()))
                            .collect(Collectors.joining(", "))
                    + "): `nsw engine stop --data " + dataDir + "` first");
        }
        int[] http =
                basePort > 0 ? IntStream.range(0, nodes).map(i -> basePort + i).toArray() : freePorts(nodes);
        int[] transport = basePort > 0
                ? IntStream.range(0, nodes).map(i -> basePort + 100 + i).toArray()
                : freePorts(nodes);
        String seeds = Arrays.stream(transport).mapToObj(String::valueOf).collect(Collectors.joining(","));
        String names =
                IntStream.range(0, managers(nodes)).mapToObj(i -> "node-" + i).collect(Collectors.joining(","));
        String java = ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<NodeProcess> started = new ArrayList<>();
        progress.progress(0, nodes + 1, "starting " + nodes + " engine nodes");
        try {
            for (int i = 0; i < nodes; i++) {
                String name = "node-" + i;
                Path home = dataDir.resolve(name);
                Files.createDirectories(home);
                Path log = home.resolve("node.log");
                List<String> cmd = List.of(
                        java,
                        NODE_MARKER + name,
                        "-Xms" + heap,
                        "-Xmx" + heap,
                        "--add-modules",
                        "jdk.incubator.vector",
                        "--enable-native-access=ALL-UNNAMED",
                        "--sun-misc-unsafe-memory-access=allow",
                        "-Djava.awt.headless=true",
                        "-cp",
                        classpath,
                        NODE_MAIN,
                        name,
                        home.toString(),
                        String.valueOf(http[i]),
                        String.valueOf(transport[i]),
                        seeds,
                        names);
                Process p = new ProcessBuilder(cmd)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .start();
                started.add(new NodeProcess(name, p.pid(), http[i], transport[i], log));
            }
            State state = new State(dataDir, List.copyOf(started));
            write(state);
            awaitGreen(state, timeout, progress, cancel);
            progress.progress(nodes + 1, nodes + 1, "engine green at " + state.url());
            return state;
        } catch (IOException e) {
            kill(started, Duration.ofSeconds(5));
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            kill(started, Duration.ofSeconds(5));
            throw e;
        }
    }

    private static void awaitGreen(State state, Duration timeout, ProgressListener progress, CancellationToken cancel) {
        long deadline = System.nanoTime() + timeout.toNanos();
        EngineClient client = new EngineClient(state.url(), Duration.ofSeconds(15));
        int n = state.nodes().size();
        String last = "not answering yet";
        while (System.nanoTime() < deadline) {
            cancel.check();
            for (NodeProcess node : state.nodes()) {
                if (!node.alive()) {
                    throw new EngineException("engine node " + node.name() + " exited while starting: "
                            + lastLine(node.log()) + " (log: " + node.log() + ")");
                }
            }
            try {
                EngineClient.Response r =
                        client.get("/_cluster/health?wait_for_status=green&wait_for_nodes=" + n + "&timeout=5s");
                if (r.ok() && !r.body().path("timed_out").asBoolean(true)) {
                    return;
                }
                last = r.body().path("status").asText("?") + " with "
                        + r.body().path("number_of_nodes").asInt() + " of " + n + " nodes";
                progress.progress(1, n + 1, "engine " + last);
            } catch (EngineException e) {
                sleep(500);
            }
        }
        throw new EngineException("the engine at " + state.url() + " was not green with " + n + " nodes within "
                + timeout.toSeconds() + " s (" + last + "; logs in " + state.dataDir() + ")");
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (lines.get(i).contains("Exception") || lines.get(i).contains("Error")) {
                    return lines.get(i).strip();
                }
            }
            return lines.isEmpty() ? "(empty log)" : lines.get(lines.size() - 1).strip();
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /**
     * Stops every node recorded in {@code dataDir} (SIGTERM, so each node closes cleanly; killed after {@code grace})
     * and removes the state file. Returns the nodes that were running.
     */
    public static List<NodeProcess> stop(Path dataDir, Duration grace) {
        Optional<State> state = read(dataDir);
        if (state.isEmpty()) {
            throw new EngineException("no engine was started from " + dataDir + " (no " + STATE_FILE + ")");
        }
        List<NodeProcess> alive = state.get().alive();
        kill(alive, grace);
        try {
            Files.deleteIfExists(dataDir.resolve(STATE_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return alive;
    }

    /** Ends one node by its pid at once (SIGKILL): what a crashed machine looks like to the others. */
    public static void killNode(NodeProcess node) {
        ProcessHandle.of(node.pid()).filter(EngineCluster::isOurs).ifPresent(p -> {
            p.destroyForcibly();
            p.onExit().join();
        });
    }

    private static void kill(List<NodeProcess> nodes, Duration grace) {
        List<ProcessHandle> handles = nodes.stream()
                .map(n -> ProcessHandle.of(n.pid()))
                .flatMap(Optional::stream)
                .filter(EngineCluster::isOurs)
                .toList();
        handles.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle h : handles) {
            long left = Math.max(0, deadline - System.nanoTime());
            try {
                h.onExit().get(left, java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }
    }

    private static void write(State state) {
        ObjectNode json = EngineClient.JSON.createObjectNode();
        json.put("url", state.url());
        ArrayNode arr = json.putArray("nodes");
        for (NodeProcess n : state.nodes()) {
            arr.addObject()
                    .put("name", n.name())
                    .put("pid", n.pid())
                    .put("http_port", n.httpPort())
                    .put("transport_port", n.transportPort())
                    .put("log", state.dataDir().relativize(n.log()).toString());
        }
        AtomicFiles.writeText(state.dataDir().resolve(STATE_FILE), w -> w.write(json.toPrettyString() + "\n"));
    }

    private static int[] freePorts(int n) {
        int[] ports = new int[n];
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(s);
                ports[i] = s.getLocalPort();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket s : held) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing a probe socket
                }
            }
        }
        return ports;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("interrupted while waiting for the engine");
        }
    }
}
