package dev.nsw.gui.datasets;

import dev.nsw.data.Beir;
import dev.nsw.data.Corpus;
import dev.nsw.data.DataFile;
import dev.nsw.data.DataFormatException;
import dev.nsw.data.DataStats;
import dev.nsw.data.Document;
import dev.nsw.data.FileKind;
import dev.nsw.data.ReadOptions;
import dev.nsw.data.RecipeFiles;
import dev.nsw.data.RetrievalDataset;
import dev.nsw.gui.ReadingLength;
import dev.nsw.gui.WorkbenchModel;
import dev.nsw.text.TokenLengths;
import dev.nsw.workspace.WorkspaceFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Datasets panel: opened data files with their statistics ({@link DataStats}, the same check as
 * {@code nsw data check --lenient}), a length histogram, a preview and the bad lines with their numbers.
 */
public final class DatasetsViewModel {
    static final int PREVIEW_ROWS = 200;
    static final int MAX_BINS = 20;

    private final WorkbenchModel model;
    private final ObservableList<DatasetEntry> entries = FXCollections.observableArrayList();
    private final ObjectProperty<DatasetEntry> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ObservableList<String> problems = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<Histogram> tokenHistogram = new ReadOnlyObjectWrapper<>(this, "tokenHistogram");
    private final ReadOnlyStringWrapper readingNote = new ReadOnlyStringWrapper(this, "readingNote", "");

    /**
     * The token-length chart's bin edges: the max-length rule's choices ({@code MaxSeqLengthRule.CHOICES}) and the
     * points between them, so a reader sees what each choice would hold whole.
     */
    static final int[] TOKEN_EDGES = {16, 32, 64, 96, 128, 192, 256, 384, 512};

    public DatasetsViewModel(WorkbenchModel model) {
        this.model = model;
        selected.addListener((obs, old, now) -> showSelected(now));
        model.evalSetProperty().addListener(o -> showSelected(selected.get()));
        model.reading().corpusLengthsProperty().addListener(o -> showSelected(selected.get()));
        model.reading().lengthProperty().addListener(o -> showSelected(selected.get()));
        model.workspaceProperty().addListener((obs, old, ws) -> {
            if (ws != null) {
                selected.set(null);
                entries.clear();
                open(ws.dataFiles());
            }
        });
    }

    /** Opens files and folders: reads and checks each off the UI thread, then lists it (replacing a same-path entry). */
    public void open(List<Path> paths) {
        if (paths.isEmpty()) {
            return;
        }
        List<Path> copy = List.copyOf(paths);
        model.executor()
                .job("Check " + copy.size() + (copy.size() == 1 ? " file" : " files"), (progress, cancel) -> {
                    List<DatasetEntry> read = new ArrayList<>();
                    List<Throwable> failures = new ArrayList<>();
                    for (int i = 0; i < copy.size(); i++) {
                        cancel.check();
                        progress.progress(
                                i, copy.size(), "checking " + copy.get(i).getFileName());
                        try {
                            read.add(read(copy.get(i)));
                        } catch (RuntimeException e) {
                            failures.add(e);
                        }
                    }
                    return new Opened(read, failures);
                })
                .onSuccess(opened -> {
                    for (DatasetEntry e : opened.entries()) {
                        entries.removeIf(old -> old.path().equals(e.path()));
                        entries.add(e);
                    }
                    if (!opened.entries().isEmpty()) {
                        selected.set(opened.entries().getFirst());
                    }
                    if (!opened.failures().isEmpty()) {
                        model.dialogs()
                                .showError(
                                        "Cannot read " + opened.failures().size() + " of " + copy.size() + " files",
                                        opened.failures().getFirst());
                    }
                })
                .onFailure(error -> model.dialogs().showError("Cannot check the files", error))
                .start();
    }

    private record Opened(List<DatasetEntry> entries, List<Throwable> failures) {}

    /** Opens a folder: a BEIR folder is checked as one data set, a recipe folder becomes the workspace. */
    public void openFolder(Path folder) {
        model.openWorkspace(folder);
    }

    /** Reads one file or BEIR folder: statistics with every bad line (lenient), preview and histogram. */
    static DatasetEntry read(Path path) {
        FileKind kind = FileKind.detect(path);
        DataStats stats = DataStats.of(path, kind, ReadOptions.LENIENT, null);
        List<String> columns;
        List<List<String>> rows = new ArrayList<>();
        int[] lengths;
        switch (kind) {
            case PAIRS -> {
                var f = RecipeFiles.readPairs(path, ReadOptions.LENIENT);
                columns = List.of("line", "query", "target");
                f.records().stream()
                        .limit(PREVIEW_ROWS)
                        .forEach(p -> rows.add(List.of(Long.toString(p.line()), p.query(), p.target())));
                lengths = f.records().stream()
                        .mapToInt(p -> p.query().codePointCount(0, p.query().length()))
                        .toArray();
            }
            case TEXTS -> {
                var f = RecipeFiles.readTexts(path, ReadOptions.LENIENT);
                columns = List.of("line", "text");
                f.records().stream()
                        .limit(PREVIEW_ROWS)
                        .forEach(t -> rows.add(List.of(Long.toString(t.line()), t.text())));
                lengths = f.records().stream()
                        .mapToInt(t -> t.text().codePointCount(0, t.text().length()))
                        .toArray();
            }
            case TRIPLES -> {
                var f = RecipeFiles.readTriples(path, ReadOptions.LENIENT);
                columns = List.of("line", "query", "positive", "negative");
                f.records().stream()
                        .limit(PREVIEW_ROWS)
                        .forEach(
                                t -> rows.add(List.of(Long.toString(t.line()), t.query(), t.positive(), t.negative())));
                lengths = f.records().stream()
                        .mapToInt(t -> t.query().codePointCount(0, t.query().length()))
                        .toArray();
            }
            case LABELED -> {
                var f = RecipeFiles.readLabeledPairs(path, ReadOptions.LENIENT);
                columns = List.of("line", "query", "title", "label");
                f.records().stream()
                        .limit(PREVIEW_ROWS)
                        .forEach(t -> rows.add(
                                List.of(Long.toString(t.line()), t.query(), t.title(), Integer.toString(t.label()))));
                lengths = f.records().stream()
                        .mapToInt(t -> t.query().codePointCount(0, t.query().length()))
                        .toArray();
            }
            case BEIR -> {
                Corpus corpus = Beir.readCorpus(path.resolve("corpus.jsonl"), ReadOptions.LENIENT);
                columns = List.of("_id", "text");
                corpus.documents().stream().limit(PREVIEW_ROWS).forEach(d -> rows.add(List.of(d.id(), d.text())));
                lengths = corpus.documents().stream()
                        .map(Document::text)
                        .mapToInt(t -> t.codePointCount(0, t.length()))
                        .toArray();
            }
            default -> throw new IllegalStateException("unexpected kind " + kind);
        }
        String first = kind == FileKind.TEXTS || kind == FileKind.BEIR ? "text" : "query";
        return new DatasetEntry(path, stats, columns, rows, Histogram.of(first, lengths, MAX_BINS));
    }

    private void showSelected(DatasetEntry e) {
        problems.clear();
        showTokenLengths(e);
        if (e == null) {
            summary.set("");
            return;
        }
        DataStats s = e.stats();
        StringBuilder sb = new StringBuilder();
        if (s.kind() == FileKind.BEIR) {
            // a BEIR document is its id: equal texts are kept, each under its own id (the departures say so)
            sb.append(String.format(
                    Locale.ROOT,
                    "%s — %s: %,d documents (all loaded)",
                    e.name(),
                    s.kind().cliName(),
                    s.records()));
        } else {
            sb.append(String.format(
                    Locale.ROOT,
                    "%s — %s: %,d records, %,d blank lines, %,d duplicate records",
                    e.name(),
                    s.kind().cliName(),
                    s.records(),
                    s.blankLines(),
                    s.duplicateRecords()));
        }
        if (s.kind() != FileKind.TEXTS) {
            sb.append(String.format(
                    Locale.ROOT,
                    ", %,d distinct %s",
                    s.distinctQueries(),
                    s.kind() == FileKind.BEIR ? "test queries" : "queries"));
        }
        for (Map.Entry<String, DataStats.LengthStats> c : s.columns().entrySet()) {
            DataStats.LengthStats l = c.getValue();
            sb.append(String.format(
                    Locale.ROOT,
                    "%n%s length (characters): min %d, mean %.1f, median %d, p95 %d, max %d",
                    c.getKey(),
                    l.min(),
                    l.mean(),
                    l.median(),
                    l.p95(),
                    l.max()));
        }
        List<String> departures = departures(e);
        if (!departures.isEmpty()) {
            sb.append(String.format(
                    Locale.ROOT,
                    "%nAs loaded, the set departs from its files in %d way%s:",
                    departures.size(),
                    departures.size() == 1 ? "" : "s"));
            departures.forEach(d -> sb.append("\n  • ").append(d));
        }
        sb.append(
                s.problems().isEmpty()
                        ? departures.isEmpty() ? "\nNo problems found." : "\nNo bad lines."
                        : String.format(
                                Locale.ROOT,
                                "%n%,d bad lines (listed below, skipped when reading)",
                                s.problems().size()));
        summary.set(sb.toString());
        for (DataFormatException p : s.problems()) {
            problems.add(p.line() > 0 ? "line " + p.line() + ": " + p.problem() : p.problem());
        }
    }

    /**
     * The token lengths of the evaluation set's corpus as the workspace's model reads them, and the max length the
     * rule chose from them (the one the workspace reads with unless one was chosen): shown when {@code e} is that
     * corpus (its file or its BEIR folder), cleared otherwise.
     */
    private void showTokenLengths(DatasetEntry e) {
        ReadingLength.CorpusLengths corpus =
                model.reading().corpusLengthsProperty().get();
        if (e == null || corpus == null || !isEvalCorpus(e)) {
            tokenHistogram.set(null);
            readingNote.set("");
            return;
        }
        TokenLengths lengths = corpus.rule().lengths();
        tokenHistogram.set(Histogram.withEdges("tokens", TOKEN_EDGES, lengths.histogram(TOKEN_EDGES)));
        int reads = model.reading().lengthProperty().get();
        // the rule's reason is said once; the second line says whether the workspace follows it
        String follows = reads == corpus.rule().maxSeqLength()
                        && !model.reading().noteProperty().get().equals("chosen for this workspace")
                ? "the rule's choice (Index and Compare can choose another)"
                : model.reading().noteProperty().get();
        readingNote.set(String.format(
                Locale.ROOT,
                "Token lengths (%s's tokenizer, [CLS]/[SEP] included; %,d of %,d texts measured): %s.%nThe workspace"
                        + " reads %d tokens: %s.",
                corpus.modelLabel(),
                lengths.measured(),
                lengths.corpusSize(),
                corpus.reason(),
                reads,
                follows));
    }

    /** Whether {@code e} is the evaluation set's corpus: its corpus file, or its BEIR folder. */
    private boolean isEvalCorpus(DatasetEntry e) {
        WorkspaceFiles ws = model.workspaceProperty().get();
        return model.evalSetProperty().get() != null
                && ws != null
                && (e.path().equals(ws.folder()) && ws.beir() || e.path().equals(ws.corpus()));
    }

    /** The evaluation corpus's token-length histogram when it is selected, else null. */
    public ReadOnlyObjectProperty<Histogram> tokenHistogramProperty() {
        return tokenHistogram.getReadOnlyProperty();
    }

    /** The rule's reason and the length the workspace reads with, when the evaluation corpus is selected. */
    public ReadOnlyStringProperty readingNoteProperty() {
        return readingNote.getReadOnlyProperty();
    }

    /**
     * How the data of {@code e} as nsw loaded it departs from its files, each with its count and what nsw does
     * ({@code RetrievalDataset.departures()}): the evaluation set's when {@code e} is one of its files (its corpus,
     * its pairs, its BEIR folder), else what the file's check found. Bad lines are listed apart.
     */
    private List<String> departures(DatasetEntry e) {
        List<String> out = new ArrayList<>(e.stats().notes());
        RetrievalDataset set = model.evalSetProperty().get();
        WorkspaceFiles ws = model.workspaceProperty().get();
        boolean ofEvalSet = set != null
                && ws != null
                && (e.path().equals(ws.folder()) && ws.beir()
                        || e.path().equals(ws.corpus())
                        || e.path().equals(ws.testPairs()));
        if (ofEvalSet) {
            set.departures().stream()
                    .filter(d -> d.kind() != RetrievalDataset.Departure.Kind.BAD_LINES_SKIPPED)
                    .map(RetrievalDataset.Departure::message)
                    .filter(m -> !out.contains(m))
                    .forEach(out::add);
        }
        return out;
    }

    /** True when the selected file is a pair file that can be evaluated against an opened corpus. */
    public BooleanBinding canUseAsTestSet() {
        return Bindings.createBooleanBinding(
                () -> selected.get() != null
                        && selected.get().stats().kind() == FileKind.PAIRS
                        && corpusEntry() != null,
                selected,
                entries);
    }

    public BooleanBinding canAnnotate() {
        return Bindings.createBooleanBinding(
                () -> selected.get() != null && selected.get().stats().kind() == FileKind.LABELED, selected);
    }

    /** Makes the selected pair file, with the opened corpus, the evaluation set (Index, Search, Compare use it). */
    public void useAsTestSet() {
        DatasetEntry pairs = selected.get();
        DatasetEntry corpus = corpusEntry();
        if (pairs == null || corpus == null) {
            return;
        }
        model.executor()
                .job("Load test set " + pairs.name(), (progress, cancel) -> {
                    Corpus c = Corpus.readRecipe(corpus.path(), ReadOptions.LENIENT);
                    DataFile<dev.nsw.data.TextPair> p = RecipeFiles.readPairs(pairs.path(), ReadOptions.LENIENT);
                    return RetrievalDataset.fromRecipe(
                            pairs.path().getParent().getFileName() + "/" + pairs.name(), p, c, ReadOptions.LENIENT);
                })
                .onSuccess(set -> {
                    model.bm25Property().set(null);
                    model.evalSetProperty().set(set);
                    model.statusProperty()
                            .set(String.format(
                                    Locale.ROOT,
                                    "Test set %s: %,d queries over %,d documents",
                                    set.name(),
                                    set.queries().size(),
                                    set.corpus().size()));
                })
                .onFailure(error -> model.dialogs().showError("Cannot use " + pairs.name() + " as the test set", error))
                .start();
    }

    public void annotateSelected() {
        if (selected.get() != null) {
            model.requests().openInAnnotate(selected.get().path());
        }
    }

    /** The corpus to pair with: a TEXTS file named corpus.*, else the only TEXTS file opened. */
    private DatasetEntry corpusEntry() {
        List<DatasetEntry> texts =
                entries.stream().filter(e -> e.stats().kind() == FileKind.TEXTS).toList();
        return texts.stream()
                .filter(e -> e.name().toLowerCase(Locale.ROOT).startsWith("corpus"))
                .findFirst()
                .orElse(texts.size() == 1 ? texts.getFirst() : null);
    }

    public ObservableList<DatasetEntry> entries() {
        return entries;
    }

    public ObjectProperty<DatasetEntry> selectedProperty() {
        return selected;
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ObservableList<String> problems() {
        return problems;
    }

    /** Files from a drop or a chooser: folders go through {@link #openFolder}, files through {@link #open}. */
    public void openAny(List<Path> paths) {
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                openFolder(p);
            } else if (WorkspaceFiles.looksLikeData(p) || Files.isRegularFile(p)) {
                files.add(p);
            }
        }
        open(files);
    }
}
