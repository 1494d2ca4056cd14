package dev.nsw.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The cut-off: how many results each query gets, {@code -k/--top_k} in every command (recalled and written by
 * {@code recall}/{@code bm25}, read by {@code evaluate}, recalled by {@code search}, asked for by the benchmarks).
 * The recipe's {@code --recall_num} and the older {@code --top-n} and {@code --k} are hidden aliases. Each command
 * passes its own default to the constructor: the depth differs by job (50 recalled, 10 per search request).
 */
public final class CutoffOptions {
    @Spec(Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    // The default is the field's initial value, never a defaultValue: picocli applies defaultValue after parsing to
    // an option that was not typed, which would overwrite what a hidden alias set.
    @Option(
            names = {"-k", "--top_k"},
            paramLabel = "K",
            description = "Results per query (the cut-off K).")
    Integer k;

    /** For picocli; commands construct it with their default. */
    CutoffOptions() {
        this(null);
    }

    CutoffOptions(Integer defaultK) {
        this.k = defaultK;
    }

    @Option(
            names = {"--recall_num", "--top-n", "--k"},
            hidden = true,
            paramLabel = "K")
    void alias(int value) {
        k = value;
    }

    /** The cut-off; a usage error (exit 2) unless it is at least 1. */
    int k() {
        if (k == null || k < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--top_k must be >= 1, got " + k);
        }
        return k;
    }

    /** The cut-off when one was given or defaulted, else null (the command's own rule applies). */
    Integer orNull() {
        return k == null ? null : k();
    }
}
