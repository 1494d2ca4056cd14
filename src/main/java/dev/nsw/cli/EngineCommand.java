package dev.nsw.cli;

import dev.nsw.engine.EngineClient;
import dev.nsw.engine.EngineCluster;
import dev.nsw.engine.EngineException;
import dev.nsw.job.CancellationToken;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nsw engine start|status|stop}: a local OpenSearch cluster, one child JVM per node, on 127.0.0.1. */
@Command(
        name = "engine",
        mixinStandardHelpOptions = true,
        description = {
            "A local OpenSearch 3.6 cluster with the k-NN plugin (Lucene HNSW), one JVM per node, on 127.0.0.1.",
            "Its pids and ports are kept in the data folder, so status and stop work from any shell."
        },
        subcommands = {EngineCommand.Start.class, EngineCommand.Status.class, EngineCommand.Stop.class})
public final class EngineCommand implements Runnable {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static Path defaultData() {
        return EngineCluster.defaultDataDir();
    }

    /** The cluster's data folder, one option for start, status and stop: start claims it, stop removes its state. */
    static final class DataFolder {
        @Option(
                names = "--data",
                paramLabel = "DIR",
                description =
                        "The nsw-owned folder of the cluster's nodes, pids and ports (default: ~/.cache/nsw/engine).")
        @Writes(folder = true)
        Path data;

        Path dir() {
            return data == null ? defaultData() : data;
        }
    }

    @Command(
            name = "start",
            mixinStandardHelpOptions = true,
            description = "Start the nodes and wait until the cluster is green.")
    static final class Start implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--nodes", defaultValue = "2", description = "Nodes, one JVM each.")
        int nodes;

        @Mixin
        DataFolder data;

        @Option(
                names = "--port",
                defaultValue = "0",
                description = "HTTP port of the first node (the others follow; transport at +100); 0 = free ports.")
        int port;

        @Option(names = "--heap", defaultValue = "1g", description = "Heap per node.")
        String heap;

        @Option(
                names = "--timeout",
                defaultValue = "240",
                paramLabel = "SECONDS",
                description = "Wait this long for green.")
        int timeout;

        @Override
        public Integer call() {
            Path dir = data.dir();
            var state = EngineCluster.start(
                    dir,
                    nodes,
                    port,
                    heap,
                    Duration.ofSeconds(timeout),
                    ConsoleProgress.of(spec),
                    CancellationToken.NEVER);
            var out = spec.commandLine().getOut();
            out.println(state.urls()); // every node: --engine with all of them survives any one node's death
            state.nodes()
                    .forEach(n -> spec.commandLine()
                            .getErr()
                            .printf(
                                    "  %s pid %d http %d transport %d%n",
                                    n.name(), n.pid(), n.httpPort(), n.transportPort()));
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Nodes alive and the cluster health.")
    static final class Status implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Mixin
        DataFolder data;

        @Override
        public Integer call() {
            Path dir = data.dir();
            var state =
                    EngineCluster.read(dir).orElseThrow(() -> new EngineException("no engine was started from " + dir));
            var out = spec.commandLine().getOut();
            for (var n : state.nodes()) {
                out.printf(
                        "%s pid %d http %d: %s%n",
                        n.name(), n.pid(), n.httpPort(), n.alive() ? "running" : "not running");
            }
            var alive = state.alive();
            if (alive.isEmpty()) {
                out.println("cluster: down");
                return 1;
            }
            EngineClient client = new EngineClient(alive.stream()
                    .map(EngineCluster.NodeProcess::url)
                    .collect(java.util.stream.Collectors.joining(",")));
            var h = client.get("/_cluster/health").body();
            out.printf(
                    "cluster %s at %s: %s, %d nodes, %d active shards, %d unassigned%n",
                    h.path("cluster_name").asText(),
                    client.urls(),
                    h.path("status").asText(),
                    h.path("number_of_nodes").asInt(),
                    h.path("active_shards").asInt(),
                    h.path("unassigned_shards").asInt());
            return 0;
        }
    }

    @Command(
            name = "stop",
            mixinStandardHelpOptions = true,
            description = "Stop every node of the cluster started from the data folder.")
    static final class Stop implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Mixin
        DataFolder data;

        @Override
        public Integer call() {
            Path dir = data.dir();
            if (EngineCluster.read(dir).isEmpty()) {
                // stopped already (or never started): the goal of the command holds, so it is not an error
                spec.commandLine().getOut().println("no engine is running from " + dir + ": nothing to stop");
                return 0;
            }
            var stopped = EngineCluster.stop(dir, Duration.ofSeconds(30));
            spec.commandLine().getOut().println("stopped " + stopped.size() + " node(s)");
            return 0;
        }
    }
}
