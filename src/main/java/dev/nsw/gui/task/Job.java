package dev.nsw.gui.task;

import dev.nsw.job.CancellationToken;
import dev.nsw.job.ProgressListener;

/** A unit of long work as the core services shape it: reports progress, checks the token between steps. */
@FunctionalInterface
public interface Job<T> {
    T run(ProgressListener progress, CancellationToken cancel) throws Exception;
}
