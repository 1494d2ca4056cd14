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
    public <T> JobHandle start(BackgroundJob<T> job) {
        RunningJob handle = new RunningJob(job.title(), System::nanoTime);
        JobHandle result = JobHandle.of(handle);
        submitted++;
        running.add(handle);
        T value;
        try {
            value = job.work().run(new CoalescingProgress(handle, Runnable::run), handle.token());
        } catch (CancelledException e) {
            running.remove(handle);
            if (handle.isCancelled()) {
                job.cancelled(result);
            } else {
                job.failed(e, result);
            }
            return result;
        } catch (Exception e) {
            running.remove(handle);
            job.failed(e, result);
            return result;
        }
        running.remove(handle);
        job.succeeded(value, result);
        return result;
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
