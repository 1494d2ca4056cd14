package dev.nsw.gui.task;

import java.util.function.Consumer;
import javafx.collections.ObservableList;

/**
 * Runs {@link Job}s for view models. The desktop uses {@link FxTaskExecutor} (a worker thread per job,
 * callbacks on the FX thread); view-model tests use {@link SyncTaskExecutor} (everything inline).
 * Callbacks always run on the thread that owns the UI state: the FX thread, or the caller in tests.
 */
public interface TaskExecutor {
    /**
     * Starts a job.
     *
     * @param onSuccess called with the result
     * @param onFailure called with the error; not called when the job was cancelled
     */
    default <T> RunningJob submit(
            String title, Job<T> job, Consumer<? super T> onSuccess, Consumer<Throwable> onFailure) {
        return submit(title, job, onSuccess, onFailure, () -> {});
    }

    /** As {@link #submit(String, Job, Consumer, Consumer)}, with {@code onCancelled} run when the job stopped after Cancel. */
    <T> RunningJob submit(
            String title,
            Job<T> job,
            Consumer<? super T> onSuccess,
            Consumer<Throwable> onFailure,
            Runnable onCancelled);

    /**
     * A batcher that hands a worker's events to {@code sink} on the UI thread, at most one batch every
     * ~100 ms on the desktop, at once in tests.
     */
    <E> UiBatcher<E> batcher(java.util.function.Consumer<java.util.List<E>> sink);

    /** Jobs started and not yet finished, oldest first (what the status bar lists). */
    ObservableList<RunningJob> running();
}
