package dev.nsw.gui.compare;

import dev.nsw.data.RecallRun;
import dev.nsw.eval.MetricsReport;

/** A scored run in the Compare panel: its name, the ranking and its metrics on the evaluation set. */
public record RunResult(String name, RecallRun run, MetricsReport metrics) {
    /** Recall@k in percent with three decimals, as the CLI prints it. */
    public String recallText(int k) {
        return String.format(java.util.Locale.ROOT, "%.3f", metrics.recall(k));
    }

    public String mrrText() {
        return String.format(java.util.Locale.ROOT, "%.4f", metrics.mrr10());
    }

    public String ndcgText() {
        return String.format(java.util.Locale.ROOT, "%.4f", metrics.ndcg10());
    }

    public int queries() {
        return metrics.queries();
    }

    @Override
    public String toString() {
        return name;
    }
}
