package dev.nsw.gui.task;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What became of a job a view model started, for whoever asked for it (a view, the scripted window, a test):
 * {@link #whenSucceeded} and {@link #whenFinished} run on the UI thread once the job has ended — at once when it
 * has ended already, as with the synchronous executor — and {@link #then} starts the next job after a success.
 * A request that started nothing (no data yet, already busy) returns {@link #notStarted()}, which never ends.
 */
public final class JobHandle {
    /** How a job ended. */
    public enum Outcome {
        SUCCEEDED,
        FAILED,
        CANCELLED,
        /** It ended after what it was started for was gone (another workspace opened): nothing was shown. */
        DROPPED
    }

    private final RunningJob job;
    private final boolean started;
    private Outcome outcome;
    private List<Runnable> succeeded = new ArrayList<>();
    private List<Runnable> finished = new ArrayList<>();

    private JobHandle(RunningJob job, boolean started) {
        this.job = job;
        this.started = started;
    }

    /** The handle of a job an executor started. */
    static JobHandle of(RunningJob job) {
        return new JobHandle(job, true);
    }

    /** Nothing was started: the handle never ends. */
    public static JobHandle notStarted() {
        return new JobHandle(null, false);
    }

    /** Nothing needed doing: the handle has succeeded already. */
    public static JobHandle succeeded() {
        JobHandle h = new JobHandle(null, true);
        h.finish(Outcome.SUCCEEDED);
        return h;
    }

    public boolean started() {
        return started;
    }

    /** The job as the status bar shows it (progress, Cancel); null when nothing was started or for a sequence. */
    public RunningJob job() {
        return job;
    }

    /** How it ended; empty while it runs (and forever when nothing was started). */
    public Optional<Outcome> outcome() {
        return Optional.ofNullable(outcome);
    }

    /** Runs {@code action} after a success (at once when it has succeeded already); never after anything else. */
    public JobHandle whenSucceeded(Runnable action) {
        if (outcome == null) {
            succeeded.add(action);
        } else if (outcome == Outcome.SUCCEEDED) {
            action.run();
        }
        return this;
    }

    /** Runs {@code action} once the job has ended, however it ended (at once when it has ended already). */
    public JobHandle whenFinished(Runnable action) {
        if (outcome == null) {
            finished.add(action);
        } else {
            action.run();
        }
        return this;
    }

    /**
     * After a success, starts the job {@code next} returns. The handle returned ends when that job ends, or with
     * this job's outcome when this one did not succeed.
     */
    public JobHandle then(Supplier<JobHandle> next) {
        JobHandle sequence = new JobHandle(null, started);
        whenFinished(() -> {
            if (outcome != Outcome.SUCCEEDED) {
                sequence.finish(outcome);
                return;
            }
            JobHandle second = next.get();
            second.whenFinished(() -> sequence.finish(second.outcome));
        });
        return sequence;
    }

    /** Asks the job to stop at its next check. */
    public void cancel() {
        if (job != null) {
            job.cancel();
        }
    }

    /** Records the outcome and tells the listeners, success ones first (UI thread). */
    void finish(Outcome how) {
        if (outcome != null) {
            throw new IllegalStateException("a job ends once; it ended " + outcome + ", now " + how);
        }
        outcome = how;
        List<Runnable> s = succeeded;
        List<Runnable> f = finished;
        succeeded = List.of();
        finished = List.of();
        if (how == Outcome.SUCCEEDED) {
            s.forEach(Runnable::run);
        }
        f.forEach(Runnable::run);
    }
}
