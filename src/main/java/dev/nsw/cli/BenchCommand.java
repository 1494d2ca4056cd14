package dev.nsw.cli;

import picocli.CommandLine.Command;

/** {@code nsw bench}: the project's benchmarks (performance is measured here, never in unit tests). */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description =
                "Benchmarks: encoder speed against ONNX Runtime, HNSW against exact search, training step cost, query latency, the search service under load.",
        subcommands = {
            BenchEncodeCommand.class,
            BenchLengthsCommand.class,
            BenchAnnCommand.class,
            BenchTrainCommand.class,
            BenchSearchCommand.class,
            BenchServeCommand.class,
            BenchEngineCommand.class,
            BenchScaleCommand.class
        })
public final class BenchCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
