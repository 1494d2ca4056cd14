package dev.nsw.gui.task;

import dev.nsw.job.CancelledException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;

/**
 * The one adapter from the core's {@link dev.nsw.job.ProgressListener} / {@link dev.nsw.job.CancellationToken}
 * to {@link Task}: each job runs on a daemon worker thread; progress reaches the FX thread coalesced
 * ({@link CoalescingProgress}); its callbacks ({@link BackgroundJob}) run on the FX thread. A job that stops with
 * {@link CancelledException} after Cancel is reported as cancelled, not as an error.
 */
public final class FxTaskExecutor implements TaskExecutor {
    private final ObservableList<RunningJob> running = FXCollections.observableArrayList();
    private final ExecutorService workers;
    /** Delays batched UI hand-overs ({@link UiBatcher}); one daemon thread for all jobs. */
    private final java.util.concurrent.ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "nsw-ui-batcher");
                t.setDaemon(true);
                return t;
            });
    /** Events reach the UI thread at most ten times a second. */
    static final long BATCH_MILLIS = 100;

    public FxTaskExecutor() {
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "nsw-job-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public <T> JobHandle start(BackgroundJob<T> job) {
        RunningJob shown = new RunningJob(job.title(), System::nanoTime);
        JobHandle handle = JobHandle.of(shown);
        CoalescingProgress progress = new CoalescingProgress(shown, Platform::runLater);
        Task<T> task = new Task<>() {
            @Override
            protected T call() throws Exception {
                return job.work().run(progress, shown.token());
            }
        };
        task.setOnSucceeded(e -> {
            running.remove(shown);
            job.succeeded(task.getValue(), handle);
        });
        task.setOnFailed(e -> {
            running.remove(shown);
            Throwable error = task.getException();
            if (error instanceof CancelledException && shown.isCancelled()) {
                job.cancelled(handle);
            } else {
                job.failed(error, handle);
            }
        });
        running.add(shown);
        workers.execute(task);
        return handle;
    }

    @Override
    public <E> UiBatcher<E> batcher(Consumer<java.util.List<E>> sink) {
        return new UiBatcher<>(Platform::runLater, timer, BATCH_MILLIS, sink);
    }

    @Override
    public ObservableList<RunningJob> running() {
        return running;
    }
}
