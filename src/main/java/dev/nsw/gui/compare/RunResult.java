package dev.nsw.gui.compare;

import dev.nsw.data.RecallRun;
import dev.nsw.eval.MetricsReport;

/** A scored run in the Compare panel: its name, the ranking and its metrics on the evaluation set. */
public record RunResult(String name, RecallRun run, MetricsReport metrics) {
    @Override
    public String toString() {
        return name;
    }
}
