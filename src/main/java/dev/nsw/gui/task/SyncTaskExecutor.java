package dev.nsw.gui.task;

import dev.nsw.job.CancelledException;
import java.util.function.Consumer;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** Runs each job inline on the calling thread: for view-model tests, no toolkit needed. */
public final class SyncTaskExecutor implements TaskExecutor {
    private final ObservableList<RunningJob> running = FXCollections.observableArrayList();
    private int submitted;

    @Override
    public <T> RunningJob submit(
            String title,
            Job<T> job,
            Consumer<? super T> onSuccess,
            Consumer<Throwable> onFailure,
            Runnable onCancelled) {
        RunningJob handle = new RunningJob(title, System::nanoTime);
        submitted++;
        running.add(handle);
        T result;
        try {
            result = job.run(new CoalescingProgress(handle, Runnable::run), handle.token());
        } catch (CancelledException e) {
            running.remove(handle);
            if (handle.isCancelled()) {
                onCancelled.run();
            } else {
                onFailure.accept(e);
            }
            return handle;
        } catch (Exception e) {
            running.remove(handle);
            onFailure.accept(e);
            return handle;
        }
        running.remove(handle);
        onSuccess.accept(result);
        return handle;
    }

    @Override
    public <E> UiBatcher<E> batcher(Consumer<java.util.List<E>> sink) {
        return new UiBatcher<>(Runnable::run, null, 0, sink);
    }

    @Override
    public ObservableList<RunningJob> running() {
        return running;
    }

    /** Jobs started so far. */
    public int submitted() {
        return submitted;
    }
}
