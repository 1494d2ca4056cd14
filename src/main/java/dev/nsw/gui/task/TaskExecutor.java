package dev.nsw.gui.task;

import java.util.List;
import java.util.function.Consumer;
import javafx.collections.ObservableList;

/**
 * Runs {@link Job}s for view models. The desktop uses {@link FxTaskExecutor} (a worker thread per job,
 * callbacks on the FX thread); view-model tests use {@link SyncTaskExecutor} (everything inline).
 * Callbacks always run on the thread that owns the UI state: the FX thread, or the caller in tests.
 */
public interface TaskExecutor {
    /** A job to configure ({@link BackgroundJob#onSuccess}, {@link BackgroundJob#onFinished} …) and start. */
    default <T> BackgroundJob<T> job(String title, Job<T> work) {
        return new BackgroundJob<>(this, title, work);
    }

    /** Starts {@code job} (what {@link BackgroundJob#start} calls). */
    <T> JobHandle start(BackgroundJob<T> job);

    /**
     * A batcher that hands a worker's events to {@code sink} on the UI thread, at most one batch every
     * ~100 ms on the desktop, at once in tests.
     */
    <E> UiBatcher<E> batcher(Consumer<List<E>> sink);

    /** Jobs started and not yet finished, oldest first (what the status bar lists). */
    ObservableList<RunningJob> running();
}
