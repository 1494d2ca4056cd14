package dev.nsw.cli;

import dev.nsw.index.HnswVectorIndex;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * How an HNSW graph is built: {@code --hnsw_m} and {@code --hnsw_ef_construction}, the recipe's spelling, in every
 * command that builds one (the old {@code --M} and {@code --ef_construction} are hidden aliases). The defaults are
 * the recipe's ({@link HnswVectorIndex}); the engine commands and {@code bench search} pass M 16, the value their
 * README measurements were made with (and OpenSearch's and Lucene's own default). The search beam is
 * {@link SearchBeamOptions}.
 */
public final class HnswOptions {
    @Spec(Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec mixee;

    /** This mixin's own options, hidden aliases included: what the user typed of them. */
    @Spec
    CommandLine.Model.CommandSpec self;

    // Defaults are initial values, never defaultValue: picocli applies defaultValue after parsing to an option that
    // was not typed, which would overwrite what a hidden alias set.
    @Option(names = "--hnsw_m", paramLabel = "M", description = "HNSW links per node (M).")
    int m;

    @Option(
            names = "--hnsw_ef_construction",
            paramLabel = "EF",
            description = "HNSW beam width while building (efConstruction).")
    int efConstruction = HnswVectorIndex.DEFAULT_EF_CONSTRUCTION;

    /** For picocli; the recipe's M. */
    HnswOptions() {
        this(HnswVectorIndex.DEFAULT_M);
    }

    HnswOptions(int defaultM) {
        this.m = defaultM;
    }

    @Option(names = "--M", hidden = true, paramLabel = "M")
    void oldM(int value) {
        m = value;
    }

    @Option(names = "--ef_construction", hidden = true, paramLabel = "EF")
    void oldEfConstruction(int value) {
        efConstruction = value;
    }

    /** Whether any of these options was typed (under any spelling). */
    boolean given() {
        return CliSupport.typedAny(mixee, self);
    }

    /** Whether the build beam was typed (under any spelling). */
    boolean efConstructionGiven() {
        return typed(self.findOption("--hnsw_ef_construction")) || typed(self.findOption("--ef_construction"));
    }

    private boolean typed(CommandLine.Model.OptionSpec option) {
        return mixee.commandLine().getParseResult().hasMatchedOption(option);
    }
}
