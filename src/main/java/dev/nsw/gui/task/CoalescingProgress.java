package dev.nsw.gui.task;

import dev.nsw.job.ProgressListener;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link ProgressListener} for worker threads that hands updates to the UI thread without flooding it:
 * each call only stores the latest snapshot, and at most one hand-over is queued at a time. However fast
 * a job reports, the UI thread sees at most one update per pass of its event loop and at most one every
 * {@link #MIN_INTERVAL_NANOS} (the final "done" snapshot always goes through), always the newest.
 */
final class CoalescingProgress implements ProgressListener {
    private record Snapshot(long done, long total, String message) {}

    private final RunningJob target;
    private final Executor uiThread;
    private final AtomicReference<Snapshot> latest = new AtomicReference<>();
    private final AtomicBoolean queued = new AtomicBoolean();
    /** 20 updates a second are plenty for a progress bar and leave the UI thread free. */
    static final long MIN_INTERVAL_NANOS = 50_000_000L;

    private volatile long lastPost = Long.MIN_VALUE / 2;
    private final java.util.function.LongSupplier clock;

    CoalescingProgress(RunningJob target, Executor uiThread) {
        this(target, uiThread, System::nanoTime);
    }

    /** With the clock a test controls (nanoseconds): on a loaded machine real time passes between any two calls. */
    CoalescingProgress(RunningJob target, Executor uiThread, java.util.function.LongSupplier clock) {
        this.target = target;
        this.uiThread = uiThread;
        this.clock = clock;
    }

    @Override
    public void progress(long done, long total, String message) {
        latest.set(new Snapshot(done, total, message));
        long now = clock.getAsLong();
        boolean last = total > 0 && done >= total;
        if (!last && now - lastPost < MIN_INTERVAL_NANOS) {
            return;
        }
        if (queued.compareAndSet(false, true)) {
            lastPost = now;
            uiThread.execute(this::drain);
        }
    }

    private void drain() {
        queued.set(false);
        Snapshot s = latest.getAndSet(null);
        if (s != null) {
            target.update(s.done(), s.total(), s.message());
        }
    }
}
