package dev.nsw.gui.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Queue;
import org.junit.jupiter.api.Test;

class CoalescingProgressTest {
    @Test
    void manyUpdatesQueueOneHandOverThatShowsTheNewest() {
        Queue<Runnable> ui = new ArrayDeque<>();
        RunningJob job = new RunningJob("job", System::nanoTime);
        // a clock that stands still: "too soon" must not depend on how loaded the machine running the test is
        CoalescingProgress p = new CoalescingProgress(job, ui::add, () -> 1_000_000_000L);
        for (int i = 1; i <= 10_000; i++) {
            p.progress(i, 20_000, "step " + i);
        }
        assertThat(ui).hasSize(1);
        ui.poll().run();
        assertThat(job.progressProperty().get()).isEqualTo(0.5);
        assertThat(job.messageProperty().get()).isEqualTo("step 10000");
        p.progress(15_000, 20_000, "too soon after the last hand-over");
        assertThat(ui).isEmpty();
        p.progress(20_000, 20_000, "done");
        assertThat(ui).hasSize(1);
        ui.poll().run();
        assertThat(job.messageProperty().get()).isEqualTo("done");
    }

    @Test
    void etaFollowsTheRateAndStaysQuietEarly() {
        assertThat(RunningJob.etaText(0.5, 30_000_000_000L)).isEqualTo("ETA 0:30");
        assertThat(RunningJob.etaText(0.25, 1_200_000_000_000L)).isEqualTo("ETA 1:00:00");
        assertThat(RunningJob.etaText(0.001, 30_000_000_000L)).isEmpty();
        assertThat(RunningJob.etaText(-1, 30_000_000_000L)).isEmpty();
    }

    @Test
    void cancelledJobsReportCancelledNotFailed() {
        SyncTaskExecutor ex = new SyncTaskExecutor();
        boolean[] cancelled = {false};
        String[] failed = {null};
        ex.job("x", (progress, token) -> {
                    token.cancel(); // as the Cancel button would
                    token.check();
                    return "unreachable";
                })
                .onSuccess(r -> {})
                .onFailure(e -> failed[0] = e.getMessage())
                .onCancelled(() -> cancelled[0] = true)
                .start();
        assertThat(cancelled[0]).isTrue();
        assertThat(failed[0]).isNull();
        assertThat(ex.running()).isEmpty();
    }
}
