package dev.nsw.cli;

import dev.nsw.encoder.EncoderOptions;
import picocli.CommandLine;

/** Option validation shared by the commands. */
final class CliSupport {
    private CliSupport() {}

    /**
     * Builds or parses something from command-line values with the core's own checks: the core throws
     * {@link IllegalArgumentException} for a bad value, which here becomes a usage error (exit 2) whose
     * message is {@code prefix} + the core's. The one place that conversion is written.
     *
     * @param prefix e.g. {@code "--analyzer: "}, or {@code ""} when the core's message names the option
     */
    static <T> T usage(CommandLine.Model.CommandSpec spec, String prefix, java.util.function.Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), prefix + e.getMessage());
        }
    }

    /** Encoder options from command-line values; a bad value is a usage error (exit 2) naming it. */
    static EncoderOptions options(
            CommandLine.Model.CommandSpec spec, int maxSeqLength, int batchSize, int outputEmbSize) {
        return usage(
                spec,
                "",
                () -> EncoderOptions.defaults()
                        .withMaxSeqLength(maxSeqLength)
                        .withBatchSize(batchSize)
                        .withOutputEmbSize(outputEmbSize));
    }
}
