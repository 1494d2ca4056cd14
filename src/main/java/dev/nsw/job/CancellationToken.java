package dev.nsw.job;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A flag a long job checks between units of work (batches, documents). Cancelling is cooperative: the job
 * stops at its next check by throwing {@link CancelledException}, leaving what it had saved intact.
 */
public final class CancellationToken {
    /** A token that is never cancelled. */
    public static final CancellationToken NEVER = new CancellationToken();

    private final AtomicBoolean cancelled = new AtomicBoolean();

    public void cancel() {
        if (this == NEVER) {
            throw new IllegalStateException("the NEVER token cannot be cancelled");
        }
        cancelled.set(true);
    }

    public boolean isCancelled() {
        return cancelled.get();
    }

    /** Throws {@link CancelledException} when cancelled; call between units of work. */
    public void check() {
        if (cancelled.get()) {
            throw new CancelledException();
        }
    }
}
