package dev.nsw.engine.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.opensearch.Version;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.plugins.PluginInfo;

/**
 * One OpenSearch node of {@code nsw engine start}, run in its own JVM whose class path is the app's plus the
 * engine's jars (target/engine-classpath.txt and the unpacked k-NN plugin). The only class that imports
 * OpenSearch's server; nothing in the app loads it, the launcher names it in a command line.
 *
 * <p>Why a {@link Node} subclass and not OpenSearch's bootstrap: the bootstrap refuses to run as root, which
 * CI and the dev machines do. Plugins come from the class path (no plugins folder, no jar-hell scan).
 *
 * <p>Arguments: {@code NAME HOME HTTP_PORT TRANSPORT_PORT SEED_TRANSPORT_PORTS(comma) CLUSTER_MANAGER_NAMES(comma)}; a node
 * not named among the cluster managers is a data node only.
 */
public final class EngineNodeMain {
    private EngineNodeMain() {}

    /** A node whose plugins are classes on the class path. */
    static final class ClasspathNode extends Node {
        ClasspathNode(Environment environment, List<PluginInfo> plugins) {
            super(environment, plugins, true);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println("usage: EngineNodeMain NAME HOME HTTP_PORT TRANSPORT_PORT SEED_PORTS MANAGER_NAMES");
            System.exit(2);
        }
        String name = args[0];
        Path home = Path.of(args[1]).toAbsolutePath();
        Files.createDirectories(home.resolve("config"));
        List<String> seeds =
                Arrays.stream(args[4].split(",")).map(p -> "127.0.0.1:" + p).toList();
        List<String> managers = Arrays.asList(args[5].split(","));
        Settings.Builder builder = Settings.builder()
                .put("cluster.name", "nsw-engine")
                .put("node.name", name)
                .put("path.home", home.toString())
                .put("path.data", home.resolve("data").toString())
                .put("path.logs", home.resolve("logs").toString())
                .put("network.host", "127.0.0.1") // loopback only
                .put("http.port", args[2])
                .put("transport.port", args[3])
                .putList("discovery.seed_hosts", seeds)
                .putList("cluster.initial_cluster_manager_nodes", managers)
                // a full shared disk must not leave replicas unassigned: these are throwaway local clusters
                .put("cluster.routing.allocation.disk.threshold_enabled", false);
        if (!managers.contains(name)) {
            builder.putList("node.roles", "data", "ingest"); // holds shards, never votes: see EngineCluster.managers
        }
        Settings settings = builder.build();
        Environment environment = InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), null, () -> name);
        List<PluginInfo> plugins = List.of(
                plugin("transport-netty4", "org.opensearch.transport.Netty4ModulePlugin"),
                plugin("analysis-common", "org.opensearch.analysis.common.CommonAnalysisModulePlugin"),
                plugin("opensearch-knn", "org.opensearch.knn.plugin.KNNPlugin"));
        Node node = new ClasspathNode(environment, plugins);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                node.close();
                            } catch (Exception e) {
                                System.err.println("engine node " + name + ": close failed: " + e);
                            } finally {
                                stopped.countDown();
                            }
                        },
                        "nsw-engine-shutdown"));
        node.start();
        System.out.println("nsw engine node " + name + " started: http 127.0.0.1:" + args[2]);
        stopped.await();
    }

    private static PluginInfo plugin(String name, String className) {
        return new PluginInfo(
                name, name, Version.CURRENT.toString(), Version.CURRENT, "21", className, List.of(), false);
    }
}
