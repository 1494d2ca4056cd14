package dev.nsw.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Flags of the recipe's scripts that mean nothing here, so that its commands run unchanged with
 * {@code ./nsw} in place of {@code python}: each is accepted and noted once on stderr. Flags whose meaning
 * nsw cannot honour (a different dropout, R-Drop, ESimCSE duplication) are not here: they stop with a usage
 * error that says so ({@link RecipeTrainFlags}).
 */
public final class RecipeFlags {
    @Spec(Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    private void note(String flag, Object value, String why) {
        note(spec, flag, value, why);
    }

    /**
     * One stderr line saying that a recipe flag given ({@code value} non-null; "" for a bare switch) is ignored and
     * why: the note of these flags and of {@link RecipeTrainFlags}'.
     */
    static void note(CommandLine.Model.CommandSpec spec, String flag, Object value, String why) {
        if (value != null) {
            String shown = value.toString().isEmpty() ? flag : flag + " " + value;
            spec.commandLine().getErr().println("note: " + shown + " is the recipe's; " + why + ", so it is ignored");
        }
    }

    @Option(
            names = "--device",
            paramLabel = "cpu|gpu",
            description = "Accepted for the recipe's scripts and ignored: nsw runs on the CPU.")
    void device(String v) {
        note("--device", v, "nsw runs on the CPU (PyTorch, all cores)");
    }

    @Option(names = "--gpus", paramLabel = "IDS", description = "Accepted for the recipe's scripts and ignored.")
    void gpus(String v) {
        note("--gpus", v, "nsw runs on the CPU in one process");
    }

    @Option(
            names = "--use_amp",
            arity = "0..1",
            paramLabel = "BOOL",
            description = "Accepted and ignored: nsw trains in float32.")
    void useAmp(String v) {
        note("--use_amp", v == null || v.isEmpty() ? "" : v, "nsw computes in float32");
    }

    @Option(names = "--amp_loss_scale", paramLabel = "X", description = "Accepted and ignored: nsw trains in float32.")
    void ampLossScale(String v) {
        note("--amp_loss_scale", v, "nsw computes in float32");
    }

    @Option(
            names = "--log_steps",
            paramLabel = "N",
            description = "Accepted and ignored: nsw logs every step to stderr.")
    void logSteps(String v) {
        note("--log_steps", v, "nsw logs every step to stderr");
    }

    @Option(names = "--use_recompute", arity = "0..1", paramLabel = "BOOL", description = "Accepted and ignored.")
    void useRecompute(String v) {
        note(
                "--use_recompute",
                v == null || v.isEmpty() ? "" : v,
                "nsw keeps activations (see --grad_cache_chunk for memory)");
    }

    @Option(
            names = "--hnsw_max_elements",
            paramLabel = "N",
            description = "Accepted and ignored: nsw sizes its index to the corpus.")
    void hnswMaxElements(String v) {
        note("--hnsw_max_elements", v, "nsw sizes the index to the corpus");
    }
}
