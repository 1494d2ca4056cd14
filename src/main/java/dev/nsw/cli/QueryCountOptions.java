package dev.nsw.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * How many queries to generate, hold out or time: {@code --query_count N} in every command that counts queries
 * ({@code data synth}, {@code bench search}, {@code bench ann}). {@code --queries} is always a file of queries, never a
 * count. The old {@code --query-count} is a hidden alias. Each command passes its own default.
 */
public final class QueryCountOptions {
    @Spec(Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    // The default is the initial value (see HnswOptions for why not defaultValue).
    @Option(names = "--query_count", paramLabel = "N", description = "Queries to generate, hold out or time.")
    int queryCount;

    /** For picocli; commands construct it with their default. */
    QueryCountOptions() {
        this(1000);
    }

    QueryCountOptions(int defaultCount) {
        this.queryCount = defaultCount;
    }

    @Option(names = "--query-count", hidden = true, paramLabel = "N")
    void oldSpelling(int value) {
        queryCount = value;
    }

    /** The count; a usage error (exit 2) unless it is at least 1. */
    int count() {
        if (queryCount < 1) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--query_count must be >= 1, got " + queryCount);
        }
        return queryCount;
    }
}
