package dev.nsw.cli;

import dev.nsw.engine.EngineClient;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --engine URL --name NAME}: search an index in an OpenSearch engine instead of a local index. */
public final class EngineOptions {
    @Spec(Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--engine",
            paramLabel = "URL",
            description = "An OpenSearch 3.x engine, e.g. http://127.0.0.1:9200 (`nsw engine start`).")
    String url;

    @Option(names = "--name", paramLabel = "NAME", description = "With --engine: the index `nsw push` made.")
    String name;

    boolean given() {
        if (url == null && name != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--name needs --engine URL");
        }
        if (url != null && name == null) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--engine needs --name NAME (the index to search)");
        }
        return url != null;
    }

    EngineClient client() {
        return new EngineClient(url);
    }
}
