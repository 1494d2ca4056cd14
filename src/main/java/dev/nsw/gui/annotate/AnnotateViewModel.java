package dev.nsw.gui.annotate;

import dev.nsw.data.Document;
import dev.nsw.data.LabelFiles;
import dev.nsw.data.LabeledPair;
import dev.nsw.data.Query;
import dev.nsw.data.ReadOptions;
import dev.nsw.data.RecipeFiles;
import dev.nsw.data.RetrievalDataset;
import dev.nsw.gui.PanelRequests;
import dev.nsw.gui.WorkbenchModel;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Annotate panel: walk through labelled pairs ({@code query \t title \t 0/1}) or search hits, label with
 * 1 / 0, move with J / K, undo with Ctrl+Z, and export the labels as a labelled-pair TSV or as qrels.
 */
public final class AnnotateViewModel {
    private final WorkbenchModel model;
    private final ObservableList<LabelRow> items = FXCollections.observableArrayList();
    private final IntegerProperty index = new SimpleIntegerProperty(this, "index", -1);
    private final ReadOnlyStringWrapper counts = new ReadOnlyStringWrapper(this, "counts", "");
    private final ReadOnlyStringWrapper source = new ReadOnlyStringWrapper(this, "source", NOTHING_LOADED);
    private final Deque<Undo> undo = new ArrayDeque<>();

    private record Undo(int at, LabelRow before, int indexBefore) {}

    /** What the panel says while it holds nothing: how to fill it. */
    public static final String NOTHING_LOADED = "Nothing to annotate yet: open a labelled-pair file (Open labelled"
            + " pairs…, or Annotate in Datasets), or send hits here from Search (Annotate hits).";

    public AnnotateViewModel(WorkbenchModel model) {
        this.model = model;
        items.addListener((javafx.collections.ListChangeListener<LabelRow>) c -> updateCounts());
        model.requests().onAnnotateRequest(f -> {
            if (mayDiscard("Open " + f.getFileName())) {
                loadLabeledFile(f);
            }
        });
        model.requests().onCandidatesRequest(c -> {
            if (mayDiscard("Annotate new search hits")) {
                loadCandidates(c);
            }
        });
        model.guardOpening(folder -> mayDiscard("Open " + folder.getFileName()));
        model.onWorkspaceOpened(ws -> {
            // the last workspace's judgements go; this one's labelled file (if any) comes
            setItems(List.of(), NOTHING_LOADED);
            if (ws.files().labeled() != null) {
                loadLabeledFile(ws.files().labeled());
            }
        });
    }

    /** Loads a labelled-pair file (bad lines are skipped and counted); the file's labels are the starting labels. */
    public void loadLabeledFile(Path file) {
        model.executor()
                .job(
                        "Read " + file.getFileName(),
                        (progress, cancel) -> RecipeFiles.readLabeledPairs(file, ReadOptions.LENIENT))
                .onlyWhile(model.epoch()::sameWorkspace) // another workspace was opened meanwhile
                .onSuccess(data -> {
                    List<LabelRow> list = new ArrayList<>();
                    for (LabeledPair p : data.records()) {
                        list.add(new LabelRow(p.query(), p.title(), null, p.label(), p.label()));
                    }
                    setItems(
                            list,
                            String.format(
                                    Locale.ROOT,
                                    "%s: %,d labelled pairs%s",
                                    file.getFileName(),
                                    list.size(),
                                    data.report().skipped().isEmpty()
                                            ? ""
                                            : String.format(
                                                    Locale.ROOT,
                                                    " (%,d bad lines skipped)",
                                                    data.report().skipped().size())));
                })
                .onFailure(error -> model.dialogs().showError("Cannot read " + file.getFileName(), error))
                .start();
    }

    /** Loads search hits to judge, all unlabelled. */
    public void loadCandidates(List<PanelRequests.Candidate> candidates) {
        List<LabelRow> list = candidates.stream()
                .map(c -> new LabelRow(c.query(), c.text(), c.docId(), -1, -1))
                .toList();
        setItems(
                list,
                String.format(
                        Locale.ROOT,
                        "%,d search hits for “%s”",
                        list.size(),
                        candidates.isEmpty() ? "" : candidates.getFirst().query()));
    }

    /**
     * Labels made here since the pairs were loaded or last exported: a switch would lose them. Compared with the
     * labels as loaded or exported, so a label undone is not counted.
     */
    public int unexportedLabels() {
        int n = 0;
        for (int i = 0; i < items.size(); i++) {
            if (i >= saved.size() || items.get(i).label() != saved.get(i)) {
                n++;
            }
        }
        return n;
    }

    /** The labels as loaded or last exported, row by row. */
    private List<Integer> saved = List.of();

    /**
     * True when nothing unexported would be lost, or the user agreed to lose it (asked through the dialog service,
     * naming what would discard it); false keeps the labels.
     */
    private boolean mayDiscard(String what) {
        int n = unexportedLabels();
        return n == 0
                || model.dialogs()
                        .confirm(
                                String.format(Locale.ROOT, "Discard %,d label%s not exported?", n, n == 1 ? "" : "s"),
                                what + " clears the Annotate panel. To keep the labels, choose Cancel and export"
                                        + " them (Export labels or Export qrels) first.",
                                "Discard labels");
    }

    private void markSaved() {
        saved = items.stream().map(LabelRow::label).toList();
    }

    private void setItems(List<LabelRow> list, String description) {
        undo.clear();
        items.setAll(list);
        markSaved();
        index.set(list.isEmpty() ? -1 : 0);
        source.set(description);
    }

    /** Labels the current pair (1 relevant, 0 not) and moves to the next one. */
    public void label(int value) {
        if (value != 0 && value != 1) {
            throw new IllegalArgumentException("label must be 0 or 1, got " + value);
        }
        int at = index.get();
        if (at < 0 || at >= items.size()) {
            return;
        }
        undo.push(new Undo(at, items.get(at), at));
        items.set(at, items.get(at).withLabel(value));
        next();
    }

    public void next() {
        if (index.get() < items.size() - 1) {
            index.set(index.get() + 1);
        }
    }

    public void previous() {
        if (index.get() > 0) {
            index.set(index.get() - 1);
        }
    }

    /** Reverts the last label and returns to that pair. */
    public void undo() {
        Undo u = undo.poll();
        if (u != null) {
            items.set(u.at(), u.before());
            index.set(u.indexBefore());
        }
    }

    public boolean canUndo() {
        return !undo.isEmpty();
    }

    private void updateCounts() {
        long relevant = items.stream().filter(j -> j.label() == 1).count();
        long notRelevant = items.stream().filter(j -> j.label() == 0).count();
        long open = items.stream().filter(j -> !j.labelled()).count();
        long changed = items.stream().filter(LabelRow::changed).count();
        counts.set(
                items.isEmpty()
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                "%,d relevant (1) · %,d not relevant (0) · %,d unlabelled · %,d changed from the file",
                                relevant,
                                notRelevant,
                                open,
                                changed));
    }

    /** Labelled pairs as core judgements, with ids from the evaluation set where the texts are in it. */
    List<LabelFiles.Judgement> judgements() {
        RetrievalDataset set = model.evalSetProperty().get();
        Map<String, String> queryIds = new LinkedHashMap<>();
        Map<String, String> docIds = new LinkedHashMap<>();
        List<LabelFiles.Judgement> out = new ArrayList<>();
        for (LabelRow j : items) {
            if (!j.labelled()) {
                continue;
            }
            String qid = queryIds.computeIfAbsent(
                    j.query(),
                    q -> set == null ? null : set.queryByText(q).map(Query::id).orElse(null));
            if (qid == null) {
                qid = "u"
                        + (queryIds.values().stream()
                                        .filter(v -> v != null && v.startsWith("u"))
                                        .count()
                                + 1);
                queryIds.put(j.query(), qid);
            }
            String did = j.docId();
            if (did == null) {
                did = docIds.computeIfAbsent(
                        j.text(),
                        t -> set == null
                                ? null
                                : set.corpus().byText(t).map(Document::id).orElse(null));
            }
            if (did == null) {
                did = "t"
                        + (docIds.values().stream()
                                        .filter(v -> v != null && v.startsWith("t"))
                                        .count()
                                + 1);
                docIds.put(j.text(), did);
            }
            out.add(new LabelFiles.Judgement(qid, j.query(), did, j.text(), j.label()));
        }
        return out;
    }

    /** Writes the labelled pairs as {@code query \t title \t label} (atomically); unlabelled pairs are left out. */
    public void exportTsv(Path file) {
        List<LabelFiles.Judgement> js = judgements();
        LabelFiles.writeLabeledPairs(file, js);
        markSaved();
        model.statusProperty().set(String.format(Locale.ROOT, "Wrote %,d labels to %s", js.size(), file));
    }

    /** Writes the labels as qrels ({@code query-id \t corpus-id \t score}, atomically). */
    public void exportQrels(Path file) {
        List<LabelFiles.Judgement> js = judgements();
        LabelFiles.writeQrels(file, js);
        markSaved();
        model.statusProperty().set(String.format(Locale.ROOT, "Wrote %,d qrels to %s", js.size(), file));
    }

    public ObservableList<LabelRow> items() {
        return items;
    }

    public IntegerProperty indexProperty() {
        return index;
    }

    public ObjectBinding<LabelRow> current() {
        return Bindings.createObjectBinding(
                () -> index.get() >= 0 && index.get() < items.size() ? items.get(index.get()) : null, index, items);
    }

    public ReadOnlyStringProperty countsProperty() {
        return counts.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty sourceProperty() {
        return source.getReadOnlyProperty();
    }
}
