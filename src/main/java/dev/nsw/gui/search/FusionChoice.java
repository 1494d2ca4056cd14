package dev.nsw.gui.search;

import dev.nsw.data.RecallRun;
import dev.nsw.data.ScoredDoc;
import dev.nsw.gui.WorkbenchModel;
import dev.nsw.retrieval.Fusion;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Search panel's fusion for its hybrid list: label-free (the default), RRF, or the convex weight Compare tuned on
 * the dev split. Label-free fuses with the weight Compare's label-free run chose over the test queries once Compare
 * has made one in the open workspace (so a test query's hybrid ranks here are its ranks in that run); before that,
 * with the weight of the query's own two lists, and the heading says so.
 */
final class FusionChoice {
    private final WorkbenchModel model;
    private final ObservableList<String> fusions =
            FXCollections.observableArrayList(SearchViewModel.LABEL_FREE, SearchViewModel.RRF);
    private final StringProperty fusion = new SimpleStringProperty(this, "fusion", SearchViewModel.LABEL_FREE);

    FusionChoice(WorkbenchModel model) {
        this.model = model;
        model.tunedHybridProperty().addListener((obs, old, t) -> {
            String keep = fusion.get();
            fusions.setAll(SearchViewModel.LABEL_FREE, SearchViewModel.RRF);
            if (t != null) {
                fusions.add(tunedLabel(t));
            }
            // a newly tuned weight is what a person wants to see next; otherwise keep the choice if still offered
            fusion.set(
                    t != null && old == null || t != null && !fusions.contains(keep)
                            ? tunedLabel(t)
                            : fusions.contains(keep) ? keep : SearchViewModel.LABEL_FREE);
        });
    }

    ObservableList<String> fusions() {
        return fusions;
    }

    StringProperty fusionProperty() {
        return fusion;
    }

    /** The fusion of the next search and, for label-free, the weight it fuses with and why. */
    record Chosen(Fusion.Method method, WorkbenchModel.LabelFreeHybrid fromCompare) {
        /**
         * Why the fused list is as it is ("" for RRF or a tuned weight), from the search's two first stages: the part
         * before the colon is the heading, the whole line its tooltip.
         */
        String why(List<ScoredDoc> lexical, List<ScoredDoc> dense) {
            if (fromCompare != null) {
                return fixedWhy(fromCompare);
            }
            if (!(method instanceof Fusion.LabelFree)) {
                return "";
            }
            // the label-free weight of this query's own lists (HybridRetriever resolved it alike)
            Fusion.LabelFreeChoice c = Fusion.labelFree(
                    new RecallRun("bm25", Map.of("q", lexical)), new RecallRun("dense", Map.of("q", dense)));
            return String.format(
                    Locale.ROOT,
                    "label-free weight %.2f from this query's own lists (no label-free run in Compare yet): %s",
                    c.method().weight(),
                    c.reason());
        }
    }

    /**
     * The fusion chosen now. Label-free, after a Compare label-free run: z-score fusion with that run's weight (the
     * method {@code Fusion.labelFree} resolved it to there); before one, resolved per query.
     */
    Chosen chosen() {
        WorkbenchModel.TunedHybrid t = model.tunedHybridProperty().get();
        if (t != null && tunedLabel(t).equals(fusion.get())) {
            return new Chosen(new Fusion.Convex(t.weight()), null);
        }
        if (SearchViewModel.RRF.equals(fusion.get())) {
            return new Chosen(new Fusion.Rrf(Fusion.RRF_K), null);
        }
        WorkbenchModel.LabelFreeHybrid l = model.labelFreeHybridProperty().get();
        return l == null ? new Chosen(new Fusion.LabelFree(), null) : new Chosen(new Fusion.ZScore(l.weight()), l);
    }

    /** The heading's reason before a search: Compare's label-free weight when one is in use, else "". */
    String whyBeforeSearch() {
        Chosen c = chosen();
        return c.fromCompare() == null ? "" : fixedWhy(c.fromCompare());
    }

    private static String fixedWhy(WorkbenchModel.LabelFreeHybrid l) {
        return String.format(
                Locale.ROOT,
                "label-free weight %.2f (from Compare's run over %,d test queries): Compare's run with %s · %s",
                l.weight(),
                l.queries(),
                l.modelLabel(),
                l.reason());
    }

    private static String tunedLabel(WorkbenchModel.TunedHybrid t) {
        return String.format(
                Locale.ROOT,
                "dense weight %.2f (tuned on %s)",
                t.weight(),
                t.source().replaceFirst(" \\(.*", ""));
    }
}
