package dev.nsw.gui.compare;

import dev.nsw.eval.PairedSignificance;
import dev.nsw.eval.RunSignificance;
import dev.nsw.gui.WorkbenchModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;

/**
 * Whether each run in Compare's table differs significantly from run A ({@link RunSignificance}: paired
 * randomization test, t-test, bootstrap CI, Holm for several runs), recomputed off the FX thread whenever the runs
 * or run A change; the marks of the table's cells and the tests of run B against run A in words.
 */
final class CompareSignificance {
    private final WorkbenchModel model;
    private final RunTable table;
    private final ReadOnlyObjectWrapper<RunSignificance> significance =
            new ReadOnlyObjectWrapper<>(this, "significance");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "significanceSummary", "");
    /** Bumped by every recomputation: a result that arrives after the runs or run A changed again is dropped. */
    private int generation;

    CompareSignificance(WorkbenchModel model, RunTable table) {
        this.model = model;
        this.table = table;
        table.runAProperty().addListener(o -> recompute());
        table.runs().addListener((ListChangeListener<RunResult>) c -> recompute());
    }

    /**
     * Tests every run against run A (the baseline) on R@10, MRR@10 and nDCG@10 off the FX thread
     * ({@link RunSignificance#against}, as {@code nsw evaluate --significance}).
     */
    private void recompute() {
        significance.set(null);
        RunResult base = table.runAProperty().get();
        int current = ++generation;
        if (base == null || table.runs().size() < 2 || !table.runs().contains(base)) {
            updateSummary();
            return;
        }
        List<RunSignificance.NamedReport> list = new ArrayList<>();
        list.add(new RunSignificance.NamedReport(base.name(), base.metrics()));
        table.runs().stream()
                .filter(r -> r != base)
                .forEach(r -> list.add(new RunSignificance.NamedReport(r.name(), r.metrics())));
        model.executor()
                .job("Significance against " + base.name(), (progress, cancel) -> {
                    progress.progress(
                            0, -1, "paired tests over " + base.metrics().queries() + " queries");
                    return RunSignificance.against(list, PairedSignificance.Options.defaults());
                })
                .onlyWhile(() -> current == generation)
                .onSuccess(result -> {
                    significance.set(result);
                    updateSummary();
                })
                .onFailure(error -> model.dialogs().showError("Significance test failed", error))
                .start();
    }

    /** Says the tests of run B against run A; called also when B changes. */
    void updateSummary() {
        RunSignificance s = significance.get();
        RunResult b = table.runBProperty().get();
        if (s == null || b == null || b == table.runAProperty().get()) {
            summary.set(table.runs().size() < 2 ? "" : "Significance: pick two different runs.");
            return;
        }
        StringBuilder text = new StringBuilder("Is the difference real? " + b.name() + " − " + s.baseline() + ": ");
        List<String> parts = new ArrayList<>();
        for (RunSignificance.Metric m : RunSignificance.Metric.values()) {
            s.find(b.name(), m).ifPresent(c -> {
                String fmt = m == RunSignificance.Metric.RECALL_10 ? "%+.2f" : "%+.4f";
                parts.add(String.format(
                        Locale.ROOT,
                        "%s " + fmt + " (95%% CI " + fmt + " … " + fmt + ", p perm %s, p t %s%s)%s",
                        m.label(),
                        c.result().meanDiff(),
                        c.result().ciLow(),
                        c.result().ciHigh(),
                        pText(c.result().randomizationP()),
                        pText(c.result().tTestP()),
                        s.comparisons().size() > RunSignificance.Metric.values().length
                                ? ", p Holm " + pText(c.holmP())
                                : "",
                        c.mark().isEmpty() ? "" : " " + c.mark()));
            });
        }
        text.append(String.join("; ", parts)).append(". ").append(s.method());
        summary.set(text.toString());
    }

    private static String pText(double p) {
        return p < 1e-4 ? String.format(Locale.ROOT, "%.1e", p) : String.format(Locale.ROOT, "%.4f", p);
    }

    /**
     * The significance mark of a run's cell against run A: "▲" significantly better, "▼" worse, "" when not
     * significant, not tested yet, or the run is the baseline itself.
     */
    String mark(RunResult run, RunSignificance.Metric metric) {
        RunSignificance s = significance.get();
        return s == null
                ? ""
                : s.find(run.name(), metric)
                        .map(RunSignificance.Comparison::mark)
                        .orElse("");
    }

    ReadOnlyObjectProperty<RunSignificance> significanceProperty() {
        return significance.getReadOnlyProperty();
    }

    ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }
}
