package dev.nsw.gui.index;

import dev.nsw.data.Corpus;
import dev.nsw.data.Document;
import dev.nsw.data.RetrievalDataset;
import dev.nsw.gui.WorkbenchModel;
import dev.nsw.lexical.Bm25Index;
import dev.nsw.lexical.Bm25Options;
import dev.nsw.lexical.LexicalAnalyzer;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * Index panel: builds the BM25 index of the evaluation set's corpus with
 * {@link Bm25Index#buildInMemory} (what {@code nsw bm25} does without {@code --index}), with progress and
 * Cancel. The dense (HNSW) section waits for the encoder.
 */
public final class IndexViewModel {
    /** "auto" in the analyzer choice: {@link LexicalAnalyzer#defaultFor} decides, as in the CLI. */
    public static final String AUTO = "auto";

    private final WorkbenchModel model;
    private final ObjectProperty<String> analyzer = new SimpleObjectProperty<>(this, "analyzer", AUTO);
    private final DoubleProperty k1 = new SimpleDoubleProperty(this, "k1", Bm25Options.DEFAULT_K1);
    private final DoubleProperty b = new SimpleDoubleProperty(this, "b", Bm25Options.DEFAULT_B);
    private final BooleanProperty building = new SimpleBooleanProperty(this, "building");

    public IndexViewModel(WorkbenchModel model) {
        this.model = model;
    }

    public List<String> analyzerChoices() {
        List<String> names = new java.util.ArrayList<>();
        names.add(AUTO);
        for (LexicalAnalyzer a : LexicalAnalyzer.values()) {
            names.add(a.cliName());
        }
        return names;
    }

    public BooleanBinding canBuild() {
        return Bindings.createBooleanBinding(() -> model.evalSetProperty().get() != null && !building.get(),
                model.evalSetProperty(), building);
    }

    /** Builds the index off the UI thread and makes it the current BM25 index; {@code then} runs after success. */
    public void buildBm25(Runnable then) {
        RetrievalDataset set = model.evalSetProperty().get();
        if (set == null || building.get()) {
            return;
        }
        Corpus corpus = set.corpus();
        String choice = analyzer.get();
        float k1v = (float) k1.get();
        float bv = (float) b.get();
        building.set(true);
        model.executor().submit("Build BM25 index", (progress, cancel) -> {
            LexicalAnalyzer a = AUTO.equals(choice)
                    ? LexicalAnalyzer.defaultFor(corpus.documents().stream().limit(2000).map(Document::text).toList())
                    : LexicalAnalyzer.fromCliName(choice);
            return Bm25Index.buildInMemory(corpus, new Bm25Options(a, k1v, bv), progress, cancel);
        }, index -> {
            building.set(false);
            model.bm25Property().set(index);
            model.statusProperty().set(describe(index));
            then.run();
        }, error -> {
            building.set(false);
            model.dialogs().showError("Cannot build the BM25 index", error);
        }, () -> {
            building.set(false);
            model.statusProperty().set("BM25 index build cancelled");
        });
    }

    public StringBinding indexStatus() {
        return Bindings.createStringBinding(() -> {
            Bm25Index index = model.bm25Property().get();
            if (model.evalSetProperty().get() == null) {
                return "No evaluation set: open a workspace (test.csv + corpus.csv) or a BEIR folder in Datasets.";
            }
            return index == null ? "No BM25 index yet for " + model.evalSetProperty().get().name() + "." : describe(index);
        }, model.bm25Property(), model.evalSetProperty());
    }

    static String describe(Bm25Index index) {
        return String.format(Locale.ROOT, "BM25 index: %,d documents, analyzer %s, k1 %.2f, b %.2f, built in %.2f s (in memory)",
                index.documents(), index.options().analyzer().cliName(), index.options().k1(), index.options().b(), index.buildSeconds());
    }

    public ObjectProperty<String> analyzerProperty() {
        return analyzer;
    }

    public DoubleProperty k1Property() {
        return k1;
    }

    public DoubleProperty bProperty() {
        return b;
    }

    public BooleanProperty buildingProperty() {
        return building;
    }
}
