package dev.nsw.gui.compare;

import dev.nsw.data.RetrievalDataset;
import dev.nsw.eval.RetrievalMetrics;
import dev.nsw.gui.WorkbenchModel;
import dev.nsw.gui.WorkspaceEpoch;
import dev.nsw.retrieval.HybridEvaluation;
import dev.nsw.workspace.EvalRuns;
import dev.nsw.workspace.Workspace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

/**
 * The runs in Compare's table and what belongs to each: the settings that made it and the TREC file it is
 * saved in ({@link EvalRuns}, saved as it arrives), whether the chart draws it, its name (renamed in place), and
 * which two runs are compared (A and B follow a run that is replaced or renamed). A workspace's saved runs come
 * back, re-scored, when it is opened.
 */
final class RunTable {
    /** The settings key of whether a run is drawn in the chart. */
    static final String SHOWN = "shown";

    private final WorkbenchModel model;
    private final ObservableList<RunResult> runs = FXCollections.observableArrayList();
    private final ObjectProperty<RunResult> runA = new SimpleObjectProperty<>(this, "runA");
    private final ObjectProperty<RunResult> runB = new SimpleObjectProperty<>(this, "runB");
    /** Settings of each run by name, saved beside its TREC file. */
    private final Map<String, Map<String, String>> settings = new HashMap<>();
    /** The TREC file each run is saved in (a renamed run keeps its file). */
    private final Map<String, Path> files = new HashMap<>();
    /** Whether each run is drawn in the chart (by name); saved in its settings as {@value #SHOWN}. */
    private final Map<String, BooleanProperty> shown = new HashMap<>();
    /** The runs drawn in the chart, overlaid: the ticked ones, in table order. */
    private final ObservableList<RunResult> chartRuns = FXCollections.observableArrayList();

    RunTable(WorkbenchModel model) {
        this.model = model;
        runs.addListener((ListChangeListener<RunResult>) c -> refreshChartRuns());
    }

    /** Forgets every run and what was known of it (a workspace was opened). */
    void clear() {
        runs.clear();
        settings.clear();
        files.clear();
        shown.clear();
        runA.set(null);
        runB.set(null);
    }

    /** Empties the table and the comparison (another evaluation set was chosen). */
    void clearRuns() {
        runs.clear();
        runA.set(null);
        runB.set(null);
    }

    /** Reads {@code ws}'s saved runs and scores them on {@code set} off the UI thread, then lists them. */
    void reload(Workspace ws, RetrievalDataset set) {
        WorkspaceEpoch epoch = model.epoch();
        model.executor()
                .job("Reload saved runs", (progress, cancel) -> {
                    List<String> problems = new ArrayList<>();
                    List<ReloadedRun> out = new ArrayList<>();
                    for (EvalRuns.SavedRun r : EvalRuns.list(ws, problems)) {
                        out.add(new ReloadedRun(
                                new RunResult(r.name(), r.run(), RetrievalMetrics.evaluate(set, r.run())), r));
                    }
                    return new Reloaded(out, problems);
                })
                .onlyWhile(epoch::isCurrent)
                .onSuccess(reloaded -> {
                    reloaded.runs().forEach(r -> {
                        settings.put(r.result().name(), r.saved().settings());
                        files.put(r.result().name(), r.saved().file());
                        add(r.result(), false);
                        if ("false".equals(r.saved().settings().get(SHOWN))) {
                            shownProperty(r.result()).set(false);
                        }
                        tunedWeight(r.saved().settings()).ifPresent(model::setTunedHybrid);
                        labelFreeWeight(r.saved().settings()).ifPresent(model::setLabelFreeHybrid);
                    });
                    if (!reloaded.problems().isEmpty()) {
                        model.statusProperty().set("Saved runs skipped: " + String.join("; ", reloaded.problems()));
                    }
                })
                .onFailure(error -> model.statusProperty().set("Cannot reload the saved runs: " + error.getMessage()))
                .start();
    }

    private record Reloaded(List<ReloadedRun> runs, List<String> problems) {}

    private record ReloadedRun(RunResult result, EvalRuns.SavedRun saved) {}

    /**
     * Adds a run made with {@code settings} (replacing one of the same name), saves it in the workspace
     * ({@link EvalRuns}: TREC run + settings) and picks it for the comparison when a side is free.
     */
    void add(RunResult result, Map<String, String> made) {
        settings.put(result.name(), made);
        add(result, true);
    }

    void add(RunResult result, boolean save) {
        Workspace ws = model.currentProperty().get();
        if (save && ws != null) {
            try {
                files.put(
                        result.name(),
                        EvalRuns.save(ws, result.name(), result.run(), settings.getOrDefault(result.name(), Map.of())));
            } catch (RuntimeException e) {
                model.statusProperty().set("Cannot save the run " + result.name() + ": " + e.getMessage());
            }
        }
        int at = -1;
        for (int i = 0; i < runs.size(); i++) {
            if (runs.get(i).name().equals(result.name())) {
                at = i;
            }
        }
        if (at >= 0) {
            RunResult old = runs.set(at, result);
            if (runA.get() == old) {
                runA.set(result);
            }
            if (runB.get() == old) {
                runB.set(result);
            }
        } else {
            runs.add(result);
            if (runA.get() == null) {
                runA.set(result);
            } else if (runB.get() == null) {
                runB.set(result);
            }
        }
    }

    /** The convex weight a run's settings record as tuned on a dev split (Search offers it beside RRF). */
    static java.util.Optional<WorkbenchModel.TunedHybrid> tunedWeight(Map<String, String> settings) {
        if (!"convex".equals(settings.get("fusion")) || settings.get(HybridEvaluation.WEIGHT) == null) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(new WorkbenchModel.TunedHybrid(
                    Double.parseDouble(settings.get(HybridEvaluation.WEIGHT)),
                    settings.getOrDefault(HybridEvaluation.TUNED_ON, "dev"),
                    settings.getOrDefault("model", "")));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * The label-free weight a run's settings record with every digit (runs saved before it was recorded have only
     * two decimals and are not republished): Search's label-free list fuses with it after the workspace reopens, as it
     * did when Compare made the run.
     */
    static java.util.Optional<WorkbenchModel.LabelFreeHybrid> labelFreeWeight(Map<String, String> settings) {
        String exact = settings.get(HybridEvaluation.EXACT_WEIGHT);
        if (!"label-free".equals(settings.get(HybridEvaluation.WEIGHT_FROM)) || exact == null) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(new WorkbenchModel.LabelFreeHybrid(
                    Double.parseDouble(exact),
                    Integer.parseInt(settings.getOrDefault(HybridEvaluation.LABEL_FREE_QUERIES, "0")),
                    settings.getOrDefault(HybridEvaluation.WHY, ""),
                    settings.getOrDefault("model", "")));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    /** A run's saved settings as "key value" pairs (what made it: retriever, model, fusion, tuned weight …). */
    String settingsText(RunResult r) {
        if (r == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        settings.getOrDefault(r.name(), Map.of()).forEach((k, v) -> {
            if (!k.equals("name") && !k.equals(SHOWN)) {
                sb.append(sb.isEmpty() ? "" : " · ").append(k).append(' ').append(v);
            }
        });
        return sb.toString();
    }

    /**
     * Renames a run in the table, the chart and its saved settings (the files keep their names). Refused, with
     * the reason in the status bar, when the name is empty or another run has it.
     */
    boolean rename(RunResult r, String newName) {
        String name = newName == null ? "" : newName.strip();
        if (r == null || name.equals(r.name())) {
            return false;
        }
        if (name.isEmpty() || runs.stream().anyMatch(x -> x.name().equals(name))) {
            model.statusProperty()
                    .set(
                            name.isEmpty()
                                    ? "A run needs a name."
                                    : "Another run is called " + name + ": pick another name.");
            return false;
        }
        int at = runs.indexOf(r);
        if (at < 0) {
            return false;
        }
        Path file = files.remove(r.name());
        if (file != null) {
            try {
                EvalRuns.update(file, "name", name);
            } catch (RuntimeException e) {
                files.put(r.name(), file);
                model.statusProperty().set("Cannot rename the run: " + e.getMessage());
                return false;
            }
            files.put(name, file);
        }
        Map<String, String> old = settings.remove(r.name());
        if (old != null) {
            Map<String, String> renamed = new LinkedHashMap<>(old);
            renamed.put("name", name);
            settings.put(name, renamed);
        }
        BooleanProperty wasShown = shown.remove(r.name());
        RunResult now = new RunResult(name, r.run(), r.metrics());
        shownProperty(now).set(wasShown == null || wasShown.get());
        boolean a = runA.get() == r;
        boolean b = runB.get() == r;
        runs.set(at, now);
        if (a) {
            runA.set(now);
        }
        if (b) {
            runB.set(now);
        }
        model.statusProperty().set("Renamed " + r.name() + " to " + name);
        return true;
    }

    /** Whether {@code r} is drawn in the chart; unticking hides it there (remembered in the workspace). */
    BooleanProperty shownProperty(RunResult r) {
        return shown.computeIfAbsent(r.name(), n -> {
            BooleanProperty p = new SimpleBooleanProperty(true);
            p.addListener((o, was, now) -> {
                refreshChartRuns();
                Path file = files.get(n);
                if (file != null) {
                    try {
                        EvalRuns.update(file, SHOWN, Boolean.toString(now));
                    } catch (RuntimeException e) {
                        model.statusProperty().set("Cannot save the run's chart setting: " + e.getMessage());
                    }
                }
            });
            return p;
        });
    }

    private void refreshChartRuns() {
        chartRuns.setAll(runs.stream().filter(r -> shownProperty(r).get()).toList());
    }

    ObservableList<RunResult> runs() {
        return runs;
    }

    /** The runs drawn in the chart, overlaid (the ticked ones). */
    ObservableList<RunResult> chartRuns() {
        return chartRuns;
    }

    ObjectProperty<RunResult> runAProperty() {
        return runA;
    }

    ObjectProperty<RunResult> runBProperty() {
        return runB;
    }
}
