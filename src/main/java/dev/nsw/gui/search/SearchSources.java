package dev.nsw.gui.search;

import dev.nsw.gui.WorkbenchModel;
import dev.nsw.lexical.Bm25Index;
import dev.nsw.retrieval.Bm25Retriever;
import dev.nsw.retrieval.Retriever;
import java.util.List;
import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;

/**
 * Which retrievers the Search panel's lists come from: the engine index the workspace names
 * ({@link dev.nsw.gui.EngineLink}) while it is connected and the engine switch is on, else the local BM25 and dense
 * indexes.
 */
final class SearchSources {
    private final WorkbenchModel model;
    private final BooleanProperty useEngine = new SimpleBooleanProperty(this, "useEngine", true);

    SearchSources(WorkbenchModel model) {
        this.model = model;
    }

    /** Calls {@code lexical} when the BM25 list's retriever may have changed, {@code dense} when the dense one's. */
    void onChange(InvalidationListener lexical, InvalidationListener dense) {
        for (Observable o :
                List.<Observable>of(model.bm25Property(), model.engine().bm25Property(), useEngine)) {
            o.addListener(lexical);
        }
        for (Observable o :
                List.<Observable>of(model.denseProperty(), model.engine().denseProperty(), useEngine)) {
            o.addListener(dense);
        }
    }

    /** The BM25 list's retriever: the engine's (named for BM25, connected, switch on), else the local index's; or null. */
    Retriever lexical() {
        Retriever engine = model.engine().bm25Property().get();
        if (engine != null && useEngine.get()) {
            return engine;
        }
        Bm25Index index = model.bm25Property().get();
        return index == null ? null : new Bm25Retriever(index);
    }

    /** The dense list's retriever: the engine's (as {@link #lexical()}), else the local index's; or null. */
    Retriever dense() {
        Retriever engine = model.engine().denseProperty().get();
        return engine != null && useEngine.get()
                ? engine
                : model.denseProperty().get();
    }

    /** Whether {@code r} searches the engine (its failures are one line, not a dialog). */
    boolean isEngine(Retriever r) {
        return r != null
                && (r == model.engine().bm25Property().get()
                        || r == model.engine().denseProperty().get());
    }

    BooleanProperty useEngineProperty() {
        return useEngine;
    }

    BooleanBinding engineConnected() {
        return model.engine()
                .bm25Property()
                .isNotNull()
                .or(model.engine().denseProperty().isNotNull());
    }
}
