package dev.nsw.gui.map;

import dev.nsw.data.Document;
import dev.nsw.data.RetrievalDataset;
import dev.nsw.encoder.EncoderOptions;
import dev.nsw.encoder.InferenceRuntime;
import dev.nsw.encoder.TextEncoder;
import dev.nsw.gui.ModelChoice;
import dev.nsw.gui.WorkbenchModel;
import dev.nsw.gui.task.JobHandle;
import dev.nsw.retrieval.EmbeddingMap;
import dev.nsw.retrieval.EmbeddingMapFiles;
import dev.nsw.text.VocabularyCoverage;
import dev.nsw.workspace.ModelForData;
import dev.nsw.workspace.Workspace;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.ObservableList;

/**
 * Map panel: the corpus and the test queries of a dense model projected to 2-D ({@link EmbeddingMap}, the
 * same core code as {@code nsw map}), and optionally a second model (after training) on the same basis, shown
 * one at a time on shared axes so a toggle shows how the points move. Embedding and projection run off the
 * FX thread with progress; the view only draws and picks points.
 */
public final class MapViewModel {
    private final WorkbenchModel model;
    private final ObjectProperty<ModelChoice> before = new SimpleObjectProperty<>(this, "before");
    private final ObjectProperty<ModelChoice> after = new SimpleObjectProperty<>(this, "after");
    private final ReadOnlyObjectWrapper<List<EmbeddingMap.View>> views =
            new ReadOnlyObjectWrapper<>(this, "views", List.of());
    /** Which of {@link #viewsProperty()} is drawn: 0 before, 1 after. */
    private final IntegerProperty shown = new SimpleIntegerProperty(this, "shown", 0);

    private final ReadOnlyObjectWrapper<Selection> selection = new ReadOnlyObjectWrapper<>(this, "selection");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", NO_MAP);
    private final javafx.beans.property.BooleanProperty computing =
            new javafx.beans.property.SimpleBooleanProperty(this, "computing");

    /** Colours shared with {@code nsw map}'s PNG/SVG. */
    public static final String FOUND = EmbeddingMapFiles.FOUND;

    public static final String MISSED = EmbeddingMapFiles.MISSED;
    public static final String DOCUMENT = EmbeddingMapFiles.DOCUMENT;
    public static final String GOLD_DOCUMENT = EmbeddingMapFiles.GOLD_DOCUMENT;

    /**
     * What the canvas draws, flattened for speed: points are documents first ({@code [0, documents)}), then
     * queries.
     *
     * @param gold per point: a gold document (documents only)
     * @param found per point: a query whose top-1 hit is gold (queries only)
     * @param goldOf per query (index − documents): point index of its gold document, -1 if none
     * @param top1Of per query: point index of its top-1 hit, -1 if none
     * @param hover per point: the text shown on hover
     * @param bounds {minX, maxX, minY, maxY} over every drawn model, so before and after share the axes
     */
    public record Plot(
            double[] x,
            double[] y,
            int documents,
            boolean[] gold,
            boolean[] found,
            int[] goldOf,
            int[] top1Of,
            String[] hover,
            double[] bounds) {
        public int size() {
            return x.length;
        }
    }

    /** The current view as a {@link Plot}, or null before the first map. */
    public Plot plot() {
        EmbeddingMap.View v = current();
        if (v == null) {
            return null;
        }
        int docs = v.documents().size();
        int n = docs + v.queries().size();
        double[] x = new double[n];
        double[] y = new double[n];
        boolean[] gold = new boolean[n];
        boolean[] found = new boolean[n];
        String[] hover = new String[n];
        int[] goldOf = new int[v.queries().size()];
        int[] top1Of = new int[v.queries().size()];
        for (int i = 0; i < docs; i++) {
            EmbeddingMap.DocPoint d = v.documents().get(i);
            x[i] = d.x();
            y[i] = d.y();
            gold[i] = d.gold();
            hover[i] = (d.gold() ? "gold document: " : "document: ") + d.text();
        }
        for (int i = 0; i < v.queries().size(); i++) {
            EmbeddingMap.QueryPoint q = v.queries().get(i);
            x[docs + i] = q.x();
            y[docs + i] = q.y();
            found[docs + i] = q.found();
            goldOf[i] = q.gold();
            top1Of[i] = q.top1();
            hover[docs + i] = (q.found() ? "query (found): " : "query (missed): ") + q.text();
        }
        return new Plot(x, y, docs, gold, found, goldOf, top1Of, hover, EmbeddingMapFiles.bounds(views.get()));
    }

    /** Point index of the selection in the current view, -1 when none. */
    public int selectedIndex() {
        Selection s = selection.get();
        EmbeddingMap.View v = current();
        if (s == null || v == null) {
            return -1;
        }
        if (s.kind().equals("document")) {
            for (int i = 0; i < v.documents().size(); i++) {
                if (v.documents().get(i).id().equals(s.id())) {
                    return i;
                }
            }
        } else {
            for (int i = 0; i < v.queries().size(); i++) {
                if (v.queries().get(i).id().equals(s.id())) {
                    return v.documents().size() + i;
                }
            }
        }
        return -1;
    }

    /** A picked point: its text, what it is, and the query text to open in Search. */
    public record Selection(String kind, String id, String text, String detail) {}

    public MapViewModel(WorkbenchModel model) {
        this.model = model;
        before.set(
                model.catalogue().models().isEmpty()
                        ? null
                        : model.catalogue().models().getFirst());
        shown.addListener(o -> {
            updateSummary();
            // the picked point stays picked, described as the model now drawn found it (not the one drawn before)
            if (selection.get() != null) {
                select(selectedIndex);
            }
        });
        model.evalSetProperty().addListener((o, a, b) -> {
            views.set(List.of());
            selection.set(null);
        });
        model.onWorkspaceOpened(ws -> {
            // nothing of the last workspace's map stays, and the model is this workspace's (its corpus's script)
            views.set(List.of());
            selection.set(null);
            shown.set(0);
            summary.set(NO_MAP);
            warning = "";
            before.set(model.catalogue().preferredProperty().get());
            after.set(null);
        });
    }

    private static final String NO_MAP =
            "Pick a model (and a trained one to compare) and press Draw map: PCA of the corpus and the test queries.";

    public ObservableList<ModelChoice> models() {
        return model.catalogue().models();
    }

    public ObjectProperty<ModelChoice> beforeProperty() {
        return before;
    }

    /** The second model (e.g. the trained one); null maps only {@link #beforeProperty()}. */
    public ObjectProperty<ModelChoice> afterProperty() {
        return after;
    }

    public BooleanBinding canDraw() {
        return Bindings.createBooleanBinding(
                () -> model.evalSetProperty().get() != null
                        && before.get() != null
                        && !before.get().isFolderPicker()
                        && !computing.get(),
                model.evalSetProperty(),
                before,
                computing);
    }

    /**
     * Embeds the corpus and the queries with each model — or reads the workspace's embeddings of them, which the
     * Index panel and Compare's runs saved (and saves them for those) —, samples above {@link EmbeddingMap#MAX_POINTS}
     * with a fixed seed, and projects every model with the first model's PCA basis. A model whose vocabulary or
     * script does not fit the corpus is drawn with a warning in the summary.
     */
    public JobHandle draw() {
        RetrievalDataset set = model.evalSetProperty().get();
        ModelChoice first = before.get();
        ModelChoice second = after.get();
        if (set == null || first == null || first.isFolderPicker() || computing.get()) {
            return JobHandle.notStarted();
        }
        List<ModelChoice> choices = new ArrayList<>(List.of(first));
        if (second != null && !second.isFolderPicker() && !second.equals(first)) {
            choices.add(second);
        }
        Workspace ws = model.currentProperty().get();
        java.util.Map<ModelChoice, EncoderOptions> options = new java.util.HashMap<>();
        choices.forEach(m -> options.put(m, model.encoderOptions(m)));
        computing.set(true);
        return model.executor()
                .job("Embedding map: " + first.label(), (progress, cancel) -> {
                    List<EmbeddingMap.Space> spaces = new ArrayList<>();
                    List<String> warnings = new ArrayList<>();
                    List<String> texts = set.corpus().documents().stream()
                            .map(Document::text)
                            .toList();
                    for (ModelChoice m : choices) {
                        progress.progress(0, -1, "loading " + m.label());
                        try (TextEncoder encoder =
                                InferenceRuntime.open(m.spec(), options.get(m), InferenceRuntime.Choice.AUTO)) {
                            ModelForData.warning(m.label(), m.spec(), VocabularyCoverage.of(encoder.tokenizer(), texts))
                                    .ifPresent(warnings::add);
                            float[][] corpus = null;
                            float[][] queries = null;
                            if (ws != null) {
                                var cached = ws.corpusEmbeddings(encoder, m.slug(), set.corpus(), progress, cancel);
                                if (!cached.reused()) {
                                    model.countCorpusEmbedded();
                                }
                                corpus = cached.vectors();
                                queries = ws.queryEmbeddings(encoder, m.slug(), set.queries(), progress, cancel)
                                        .vectors();
                            }
                            spaces.add(EmbeddingMap.embed(m.label(), encoder, set, corpus, queries, progress, cancel));
                        }
                    }
                    cancel.check();
                    progress.progress(0, -1, "projecting (PCA)");
                    return new Drawn(
                            EmbeddingMap.maps(set, spaces, EmbeddingMap.MAX_POINTS, EmbeddingMap.DEFAULT_SEED),
                            warnings);
                })
                .onlyWhile(model.epoch()::isCurrent) // another workspace was opened meanwhile
                .onSuccess(d -> {
                    warning = String.join(" ", d.warnings());
                    show(d.views());
                })
                .onFailure(error -> model.dialogs().showError("Cannot draw the embedding map", error))
                .onFinished(() -> computing.set(false))
                .start();
    }

    /** A drawn map and the models' vocabulary warnings (empty when they fit the corpus). */
    private record Drawn(List<EmbeddingMap.View> views, List<String> warnings) {}

    /** The warnings of the models drawn, shown after the summary; empty when they fit the corpus. */
    private String warning = "";

    /** Shows maps made by {@link EmbeddingMap#maps} (the first is "before"); call on the UI thread. */
    public void show(List<EmbeddingMap.View> result) {
        selection.set(null);
        shown.set(0);
        views.set(List.copyOf(result));
        updateSummary();
    }

    private void updateSummary() {
        List<EmbeddingMap.View> v = views.get();
        if (v.isEmpty()) {
            return;
        }
        EmbeddingMap.View current = current();
        StringBuilder s = new StringBuilder(String.format(
                Locale.ROOT,
                "%s: top-1 hit is gold for %,d of %,d queries. %s. Points: %s.",
                current.model(),
                current.found(),
                current.queries().size(),
                capitalize(current.basisNote()),
                EmbeddingMapFiles.sampleNote(current.sample())));
        if (v.size() > 1) {
            s.append(String.format(
                    Locale.ROOT,
                    " Before: %,d found, after: %,d.",
                    v.get(0).found(),
                    v.get(1).found()));
        }
        if (!warning.isEmpty()) {
            s.append(" Warning: ").append(warning);
        }
        summary.set(s.toString());
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** The view being drawn. */
    public EmbeddingMap.View current() {
        List<EmbeddingMap.View> v = views.get();
        return v.isEmpty() ? null : v.get(Math.min(shown.get(), v.size() - 1));
    }

    /** The index {@link #select} was last given: the same point in every view (both maps draw the same points). */
    private int selectedIndex = -1;

    /**
     * Selects the point at index {@code i} of the current view: documents first, then queries (as drawn). A query's
     * detail names the model drawn and whether it found the query's gold.
     */
    public void select(int i) {
        EmbeddingMap.View v = current();
        selectedIndex = i;
        if (v == null || i < 0 || i >= v.documents().size() + v.queries().size()) {
            selection.set(null);
            return;
        }
        int docs = v.documents().size();
        if (i < docs) {
            EmbeddingMap.DocPoint d = v.documents().get(i);
            selection.set(new Selection(
                    "document", d.id(), d.text(), d.gold() ? "gold document of a test query" : "corpus document"));
        } else {
            EmbeddingMap.QueryPoint q = v.queries().get(i - docs);
            String gold = q.gold() < 0 ? "—" : v.documents().get(q.gold()).text();
            String top = q.top1() < 0 ? "—" : v.documents().get(q.top1()).text();
            selection.set(new Selection(
                    "query",
                    q.id(),
                    q.text(),
                    v.model() + ": " + (q.found() ? "found" : "missed")
                            + (q.firstRelevantRank() > 0
                                    ? " (gold at rank " + q.firstRelevantRank() + ")"
                                    : " (gold not in the top 10)")
                            + "; gold: " + gold + (q.found() ? "" : "; top-1 hit: " + top)));
        }
    }

    /** Opens the selected point's text as a query in Search. */
    public void openInSearch() {
        Selection s = selection.get();
        if (s != null) {
            model.requests().openInSearch(s.text());
        }
    }

    public ReadOnlyObjectProperty<List<EmbeddingMap.View>> viewsProperty() {
        return views.getReadOnlyProperty();
    }

    public IntegerProperty shownProperty() {
        return shown;
    }

    public ReadOnlyObjectProperty<Selection> selectionProperty() {
        return selection.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }
}
