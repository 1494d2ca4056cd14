package dev.nsw.gui.search;

import dev.nsw.data.Query;
import dev.nsw.data.RetrievalDataset;
import dev.nsw.gui.WorkbenchModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Search's query browser, Quepid-style: the evaluation set's test queries, each with the outcome of Compare's runs
 * A and B at K (found by both, only A, only B, neither) and the first gold rank in each; filtered by text, id or
 * outcome.
 */
final class QueryBrowser {
    private final WorkbenchModel model;
    private final ObservableList<QueryRow> queries = FXCollections.observableArrayList();
    private final StringProperty queryFilter = new SimpleStringProperty(this, "queryFilter", "");
    private dev.nsw.data.RecallRun comparedA;
    private dev.nsw.data.RecallRun comparedB;
    private int comparedK;

    QueryBrowser(WorkbenchModel model) {
        this.model = model;
        model.evalSetProperty().addListener(o -> refresh());
        queryFilter.addListener(o -> refresh());
    }

    /** No filter and no compared runs (a workspace was opened). */
    void reset() {
        queryFilter.set("");
        setCompared(null, null, 0);
    }

    /**
     * The two runs to judge the test queries by (Compare's A and B) and the cut-off: a query is found by a
     * run when its first gold document is in the run's top {@code k}.
     */
    void setCompared(dev.nsw.data.RecallRun a, dev.nsw.data.RecallRun b, int k) {
        comparedA = a;
        comparedB = b;
        comparedK = k;
        refresh();
    }

    private void refresh() {
        RetrievalDataset set = model.evalSetProperty().get();
        if (set == null) {
            queries.clear();
            return;
        }
        String f = queryFilter.get() == null ? "" : queryFilter.get().strip().toLowerCase(Locale.ROOT);
        List<QueryRow> rows = new ArrayList<>();
        for (Query q : set.queries()) {
            int ra = comparedA == null
                    ? -1
                    : dev.nsw.eval.RetrievalMetrics.firstRelevantRank(comparedA.ranking(q.id()), set.relevant(q.id()));
            int rb = comparedB == null
                    ? -1
                    : dev.nsw.eval.RetrievalMetrics.firstRelevantRank(comparedB.ranking(q.id()), set.relevant(q.id()));
            boolean foundA = ra > 0 && ra <= comparedK;
            boolean foundB = rb > 0 && rb <= comparedK;
            String outcome = comparedA == null || comparedB == null
                    ? ""
                    : foundA && foundB
                            ? QueryRow.BOTH
                            : foundA ? QueryRow.ONLY_A : foundB ? QueryRow.ONLY_B : QueryRow.NEITHER;
            QueryRow row = new QueryRow(q.id(), q.text(), outcome, ra, rb);
            if (f.isEmpty()
                    || q.text().toLowerCase(Locale.ROOT).contains(f)
                    || q.id().toLowerCase(Locale.ROOT).equals(f)
                    || outcome.equals(f)) {
                rows.add(row);
            }
        }
        queries.setAll(rows);
    }

    /** The test queries shown (after the filter). */
    ObservableList<QueryRow> queries() {
        return queries;
    }

    /** Filter: part of a query's text, its id, or an outcome ("only A", "neither", …). */
    StringProperty filterProperty() {
        return queryFilter;
    }
}
