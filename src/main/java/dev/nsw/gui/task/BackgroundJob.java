package dev.nsw.gui.task;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A job to start on a {@link TaskExecutor} and what to do when it ends, as JabRef's {@code BackgroundTask}:
 *
 * <pre>{@code
 * busy.set(true);
 * JobHandle h = executor.job("Dense recall", (progress, cancel) -> service.run(progress, cancel))
 *         .onlyWhile(epoch::isCurrent)        // a result for a workspace no longer open is dropped
 *         .onSuccess(result -> show(result))
 *         .onFailure(error -> dialogs.showError("Dense recall failed", error))
 *         .onFinished(() -> busy.set(false))  // after success, failure, cancel or a drop
 *         .start();
 * }</pre>
 *
 * Every callback runs on the UI thread (the caller's in tests): first the outcome's own ({@link #onSuccess},
 * {@link #onFailure} or {@link #onCancelled}), then {@link #onFinished}, then the {@link JobHandle}'s listeners.
 */
public final class BackgroundJob<T> {
    private final TaskExecutor executor;
    private final String title;
    private final Job<T> work;
    private Consumer<? super T> onSuccess = r -> {};
    private Consumer<Throwable> onFailure = e -> {};
    private Runnable onCancelled = () -> {};
    private Runnable onFinished = () -> {};
    private BooleanSupplier wanted = () -> true;
    private Consumer<? super T> onDropped = r -> {};

    BackgroundJob(TaskExecutor executor, String title, Job<T> work) {
        this.executor = executor;
        this.title = title;
        this.work = work;
    }

    /** Called with the result. */
    public BackgroundJob<T> onSuccess(Consumer<? super T> action) {
        this.onSuccess = action;
        return this;
    }

    /** Called with the error; not when the job stopped after Cancel. */
    public BackgroundJob<T> onFailure(Consumer<Throwable> action) {
        this.onFailure = action;
        return this;
    }

    /** Called when the job stopped after Cancel. */
    public BackgroundJob<T> onCancelled(Runnable action) {
        this.onCancelled = action;
        return this;
    }

    /** Called once after the job ended however it ended, after that outcome's callback: e.g. clears a busy flag. */
    public BackgroundJob<T> onFinished(Runnable action) {
        this.onFinished = action;
        return this;
    }

    /**
     * Whether the outcome is still wanted when it arrives: when {@code wanted} says no (another workspace was opened
     * meanwhile), the outcome's callbacks are skipped — only {@link #onFinished} and {@code dropped} (with the
     * result of a success, to close it) run — and the handle ends {@link JobHandle.Outcome#DROPPED}.
     */
    public BackgroundJob<T> onlyWhile(BooleanSupplier wanted, Consumer<? super T> dropped) {
        this.wanted = wanted;
        this.onDropped = dropped;
        return this;
    }

    /** {@link #onlyWhile(BooleanSupplier, Consumer)} for a result that holds nothing to close. */
    public BackgroundJob<T> onlyWhile(BooleanSupplier wanted) {
        return onlyWhile(wanted, r -> {});
    }

    /** Starts the job. */
    public JobHandle start() {
        return executor.start(this);
    }

    String title() {
        return title;
    }

    Job<T> work() {
        return work;
    }

    /** The job returned {@code result} (UI thread). */
    void succeeded(T result, JobHandle handle) {
        if (!wanted.getAsBoolean()) {
            end(() -> onDropped.accept(result), JobHandle.Outcome.DROPPED, handle);
        } else {
            end(() -> onSuccess.accept(result), JobHandle.Outcome.SUCCEEDED, handle);
        }
    }

    /** The job threw {@code error} (UI thread). */
    void failed(Throwable error, JobHandle handle) {
        if (!wanted.getAsBoolean()) {
            end(() -> {}, JobHandle.Outcome.DROPPED, handle);
        } else {
            end(() -> onFailure.accept(error), JobHandle.Outcome.FAILED, handle);
        }
    }

    /** The job stopped after Cancel (UI thread). */
    void cancelled(JobHandle handle) {
        if (!wanted.getAsBoolean()) {
            end(() -> {}, JobHandle.Outcome.DROPPED, handle);
        } else {
            end(onCancelled, JobHandle.Outcome.CANCELLED, handle);
        }
    }

    private void end(Runnable outcome, JobHandle.Outcome how, JobHandle handle) {
        try {
            outcome.run();
        } finally {
            try {
                onFinished.run();
            } finally {
                handle.finish(how);
            }
        }
    }
}
