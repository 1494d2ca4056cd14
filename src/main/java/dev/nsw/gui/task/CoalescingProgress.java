package dev.nsw.gui.task;

import dev.nsw.job.ProgressListener;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link ProgressListener} for worker threads that hands updates to the UI thread without flooding it:
 * each call only stores the latest snapshot, and at most one hand-over is queued at a time. However fast
 * a job reports, the UI thread sees at most one update per pass of its event loop, always the newest.
 */
final class CoalescingProgress implements ProgressListener {
    private record Snapshot(long done, long total, String message) {}

    private final RunningJob target;
    private final Executor uiThread;
    private final AtomicReference<Snapshot> latest = new AtomicReference<>();
    private final AtomicBoolean queued = new AtomicBoolean();

    CoalescingProgress(RunningJob target, Executor uiThread) {
        this.target = target;
        this.uiThread = uiThread;
    }

    @Override
    public void progress(long done, long total, String message) {
        latest.set(new Snapshot(done, total, message));
        if (queued.compareAndSet(false, true)) {
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
