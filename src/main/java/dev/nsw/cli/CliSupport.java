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

    /**
     * Whether the user typed any of {@code mixin}'s options (under any spelling: its hidden aliases are its options
     * too), as opposed to leaving them at their defaults.
     *
     * @param mixee the command the mixin is part of
     * @param mixin the mixin's own spec ({@code @Spec} in the mixin)
     */
    static boolean typedAny(CommandLine.Model.CommandSpec mixee, CommandLine.Model.CommandSpec mixin) {
        CommandLine.ParseResult parsed = mixee.commandLine().getParseResult();
        return mixin.options().stream().anyMatch(parsed::hasMatchedOption);
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

    /** The texts of a corpus in order, for measuring their token lengths. */
    static java.util.List<String> texts(dev.nsw.data.Corpus corpus) {
        return corpus.documents().stream().map(dev.nsw.data.Document::text).toList();
    }
}
