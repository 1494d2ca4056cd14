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
 * ({@link CoalescingProgress}); success and failure callbacks run on the FX thread. A job that stops with
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
    public <T> RunningJob submit(
            String title,
            Job<T> job,
            Consumer<? super T> onSuccess,
            Consumer<Throwable> onFailure,
            Runnable onCancelled) {
        RunningJob handle = new RunningJob(title, System::nanoTime);
        CoalescingProgress progress = new CoalescingProgress(handle, Platform::runLater);
        Task<T> task = new Task<>() {
            @Override
            protected T call() throws Exception {
                return job.run(progress, handle.token());
            }
        };
        task.setOnSucceeded(e -> {
            running.remove(handle);
            onSuccess.accept(task.getValue());
        });
        task.setOnFailed(e -> {
            running.remove(handle);
            Throwable error = task.getException();
            if (error instanceof CancelledException && handle.isCancelled()) {
                onCancelled.run();
            } else {
                onFailure.accept(error);
            }
        });
        running.add(handle);
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
