package dev.nsw.cli;

import dev.nsw.index.HnswVectorIndex;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The HNSW search beam, {@code --hnsw_ef} (the recipe's spelling), in every command that searches an HNSW graph,
 * local or in the engine; the old {@code --ef} and {@code --ef-search} are hidden aliases. Default: the recipe's.
 */
public final class SearchBeamOptions {
    @Spec(Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec mixee;

    @Spec
    CommandLine.Model.CommandSpec self;

    // The default is the initial value (see HnswOptions for why not defaultValue).
    @Option(names = "--hnsw_ef", paramLabel = "EF", description = "HNSW beam width while searching (ef).")
    int ef = HnswVectorIndex.DEFAULT_EF;

    @Option(
            names = {"--ef", "--ef-search"},
            hidden = true,
            paramLabel = "EF")
    void oldEf(int value) {
        ef = value;
    }

    /** Whether the beam was typed (under any spelling). */
    boolean given() {
        return CliSupport.typedAny(mixee, self);
    }
}
