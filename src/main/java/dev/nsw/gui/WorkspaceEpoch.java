package dev.nsw.gui;

import dev.nsw.data.RetrievalDataset;

/**
 * What the panels showed when a job started — which opening of a workspace, and its evaluation set — so that a
 * result arriving after another workspace (or evaluation set) was opened is dropped, not shown over the new one:
 * {@code executor.job(…).onlyWhile(model.epoch()::isCurrent)}. The one way every panel tells a stale result.
 */
public final class WorkspaceEpoch {
    private final WorkbenchModel model;
    private final long opening;
    private final RetrievalDataset evalSet;

    WorkspaceEpoch(WorkbenchModel model, long opening, RetrievalDataset evalSet) {
        this.model = model;
        this.opening = opening;
        this.evalSet = evalSet;
    }

    /** The same workspace is open (no workspace was opened since, not even this one again). */
    public boolean sameWorkspace() {
        return model.openings() == opening;
    }

    /** The same workspace is open and its evaluation set is the same (none was chosen in Datasets since). */
    public boolean isCurrent() {
        return sameWorkspace() && model.evalSetProperty().get() == evalSet;
    }
}
