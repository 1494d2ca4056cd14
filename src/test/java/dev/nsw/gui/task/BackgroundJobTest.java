package dev.nsw.gui.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import org.junit.jupiter.api.Test;

/**
 * A job's callbacks: onFinished runs exactly once, after the outcome's own callback, whether the job succeeded,
 * failed, was cancelled or its result was dropped; the handle's listeners come last and {@link JobHandle#then}
 * starts the next job only after a success. Inline ({@link SyncTaskExecutor}) and on the FX thread
 * ({@link FxTaskExecutor}).
 */
class BackgroundJobTest {
    private final SyncTaskExecutor inline = new SyncTaskExecutor();
    private final List<String> calls = new ArrayList<>();

    private <T> JobHandle start(TaskExecutor executor, Job<T> work) {
        return executor.job("test", work)
                .onSuccess(r -> calls.add("success " + r))
                .onFailure(e -> calls.add("failure " + e.getMessage()))
                .onCancelled(() -> calls.add("cancelled"))
                .onFinished(() -> calls.add("finished"))
                .start()
                .whenSucceeded(() -> calls.add("handle succeeded"))
                .whenFinished(() -> calls.add("handle finished"));
    }

    @Test
    void onFinishedRunsOnceAfterASuccess() {
        JobHandle h = start(inline, (progress, cancel) -> 42);
        assertThat(calls).containsExactly("success 42", "finished", "handle succeeded", "handle finished");
        assertThat(h.outcome()).contains(JobHandle.Outcome.SUCCEEDED);
        assertThat(inline.running()).isEmpty();
    }

    @Test
    void onFinishedRunsOnceAfterAFailure() {
        JobHandle h = start(inline, (progress, cancel) -> {
            throw new IllegalStateException("broken");
        });
        assertThat(calls).containsExactly("failure broken", "finished", "handle finished");
        assertThat(h.outcome()).contains(JobHandle.Outcome.FAILED);
    }

    @Test
    void onFinishedRunsOnceAfterCancel() {
        JobHandle h = start(inline, (progress, cancel) -> {
            cancel.cancel(); // as the Cancel button would
            cancel.check();
            return "unreachable";
        });
        assertThat(calls).containsExactly("cancelled", "finished", "handle finished");
        assertThat(h.outcome()).contains(JobHandle.Outcome.CANCELLED);
    }

    @Test
    void aResultNobodyWantsAnyMoreIsDroppedAndClosed() {
        boolean[] wanted = {true};
        List<String> closed = new ArrayList<>();
        JobHandle h = inline.job("test", (progress, cancel) -> {
                    wanted[0] = false; // another workspace was opened while the job ran
                    return "index";
                })
                .onlyWhile(() -> wanted[0], closed::add)
                .onSuccess(r -> calls.add("success " + r))
                .onFinished(() -> calls.add("finished"))
                .start()
                .whenSucceeded(() -> calls.add("handle succeeded"))
                .whenFinished(() -> calls.add("handle finished"));
        assertThat(calls).containsExactly("finished", "handle finished");
        assertThat(closed).containsExactly("index");
        assertThat(h.outcome()).contains(JobHandle.Outcome.DROPPED);
    }

    @Test
    void thenStartsTheNextJobOnlyAfterASuccess() {
        List<String> started = new ArrayList<>();
        JobHandle chain = inline.job("first", (p, c) -> 1).start().then(() -> {
            started.add("second");
            return inline.job("second", (p, c) -> 2).start();
        });
        assertThat(started).containsExactly("second");
        assertThat(chain.outcome()).contains(JobHandle.Outcome.SUCCEEDED);

        JobHandle broken = inline.job("first", (p, c) -> {
                    throw new IllegalStateException("no");
                })
                .start()
                .then(() -> {
                    started.add("never");
                    return JobHandle.succeeded();
                });
        assertThat(started).containsExactly("second");
        assertThat(broken.outcome()).contains(JobHandle.Outcome.FAILED);

        // a request that started nothing never ends, and neither does a chain waiting on it
        JobHandle waiting = JobHandle.succeeded().then(JobHandle::notStarted);
        assertThat(waiting.outcome()).isEmpty();
        assertThat(JobHandle.notStarted().started()).isFalse();
    }

    @Test
    void onTheFxThreadTheCallbacksComeInTheSameOrderOnce() throws Exception {
        try {
            Platform.startup(() -> {});
        } catch (IllegalStateException alreadyStarted) {
            // another test started the toolkit in this JVM
        }
        FxTaskExecutor fx = new FxTaskExecutor();
        for (Job<Object> work : List.<Job<Object>>of(
                (p, c) -> "ok",
                (p, c) -> {
                    throw new IllegalStateException("broken");
                },
                (p, c) -> {
                    c.cancel();
                    c.check();
                    return null;
                })) {
            calls.clear();
            CountDownLatch done = new CountDownLatch(1);
            AtomicReference<JobHandle> handle = new AtomicReference<>();
            Platform.runLater(() -> handle.set(start(fx, work).whenFinished(done::countDown)));
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            CountDownLatch drained = new CountDownLatch(1);
            Platform.runLater(drained::countDown); // anything queued behind the last callback has run
            assertThat(drained.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(calls.stream().filter("finished"::equals)).hasSize(1);
            assertThat(calls.get(calls.indexOf("finished") - 1)).matches("success ok|failure broken|cancelled");
            assertThat(calls.getLast()).isEqualTo("handle finished");
            assertThat(handle.get().outcome()).isPresent();
        }
        assertThat(fx.running()).isEmpty();
    }
}
