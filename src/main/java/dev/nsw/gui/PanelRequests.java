package dev.nsw.gui;

import dev.nsw.gui.task.JobHandle;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * What one panel asks of another, and which panel is shown: open a query in Search, a labelled-pair file or
 * search hits in Annotate (each switches to that panel first), and a dense index built with a model (the Index
 * panel's build). The panel that serves a request listens for it.
 */
public final class PanelRequests {
    private final ObjectProperty<Panel> panel = new SimpleObjectProperty<>(this, "panel", Panel.DATASETS);
    private final Listeners<String> search = new Listeners<>();
    private final Listeners<Path> annotateFile = new Listeners<>();
    private final Listeners<List<Candidate>> candidates = new Listeners<>();
    private Function<ModelChoice, JobHandle> denseModel = m -> JobHandle.notStarted();

    /** A document to judge for a query (a search hit). */
    public record Candidate(String query, String docId, String text) {}

    /** The panel shown. */
    public ObjectProperty<Panel> panelProperty() {
        return panel;
    }

    /** Switches to the Search panel and runs {@code query} there. */
    public void openInSearch(String query) {
        panel.set(Panel.SEARCH);
        search.fire(query);
    }

    public void onSearchRequest(Consumer<String> listener) {
        search.add(listener);
    }

    /** Switches to the Annotate panel with a labelled-pair file. */
    public void openInAnnotate(Path labeledFile) {
        panel.set(Panel.ANNOTATE);
        annotateFile.fire(labeledFile);
    }

    public void onAnnotateRequest(Consumer<Path> listener) {
        annotateFile.add(listener);
    }

    /** Switches to the Annotate panel with search hits to judge. */
    public void annotateCandidates(List<Candidate> hits) {
        panel.set(Panel.ANNOTATE);
        candidates.fire(List.copyOf(hits));
    }

    public void onCandidatesRequest(Consumer<List<Candidate>> listener) {
        candidates.add(listener);
    }

    /**
     * Asks the Index panel to build a dense index with {@code m} and make it the Search panel's dense side; the
     * handle is the build's.
     */
    public JobHandle requestDenseModel(ModelChoice m) {
        return denseModel.apply(m);
    }

    /** Who builds a requested dense model: the Index panel. */
    public void serveDenseModelRequests(Function<ModelChoice, JobHandle> builder) {
        denseModel = builder;
    }
}
