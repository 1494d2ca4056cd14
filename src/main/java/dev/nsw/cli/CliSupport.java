package dev.nsw.cli;

import dev.nsw.encoder.EncoderOptions;
import picocli.CommandLine;

/** Option validation for commands that take encoder options one by one (the benchmark). */
final class CliSupport {
    private CliSupport() {}

    /** Encoder options from command-line values; a bad value is a usage error (exit 2) naming it. */
    static EncoderOptions options(CommandLine.Model.CommandSpec spec, int maxSeqLength, int batchSize,
            int outputEmbSize) {
        try {
            return EncoderOptions.defaults().withMaxSeqLength(maxSeqLength).withBatchSize(batchSize)
                    .withOutputEmbSize(outputEmbSize);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
