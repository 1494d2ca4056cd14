package dev.nsw.cli;

import dev.nsw.engine.EngineClient;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** {@code --engine URL --name NAME}: search an index in an OpenSearch engine instead of a local index. */
public final class EngineOptions {
    /** Both or neither: {@code --engine} names the cluster, {@code --name} the index in it. */
    @ArgGroup(exclusive = false)
    Target target;

    static final class Target {
        @Option(
                names = "--engine",
                required = true,
                paramLabel = "URL[,URL...]",
                description = "An OpenSearch 3.x engine, e.g. http://127.0.0.1:9200 (`nsw engine start` prints it);"
                        + " several node URLs, comma-separated, and the search goes on when the node it talks to dies.")
        String url;

        @Option(
                names = "--name",
                required = true,
                paramLabel = "NAME",
                description = "With --engine: the index `nsw push` made.")
        String name;
    }

    boolean given() {
        return target != null;
    }

    /** The index to search (with {@link #given()}). */
    String name() {
        return target.name;
    }

    /** The index as the core names it (with {@link #given()}). */
    dev.nsw.engine.EngineTarget engineTarget() {
        return new dev.nsw.engine.EngineTarget(target.url, target.name);
    }

    EngineClient client() {
        return new EngineClient(target.url);
    }
}
