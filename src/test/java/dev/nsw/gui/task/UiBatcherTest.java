package dev.nsw.gui.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class UiBatcherTest {
    @Test
    void aFloodOfEventsReachesTheUiThreadInAFewBatchesInOrder() throws Exception {
        LinkedBlockingQueue<Runnable> ui = new LinkedBlockingQueue<>(); // a fake UI thread's queue
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        List<Integer> seen = new ArrayList<>();
        UiBatcher<Integer> b = new UiBatcher<>(ui::add, timer, 100, seen::addAll);
        for (int i = 0; i < 10_000; i++) {
            b.offer(i);
        }
        Runnable hop = ui.poll(2, TimeUnit.SECONDS);
        assertThat(hop).isNotNull();
        assertThat(ui).isEmpty(); // one hand-over queued for 10,000 events
        hop.run();
        assertThat(seen).hasSize(10_000).startsWith(0, 1, 2).endsWith(9_999);
        assertThat(b.flushes()).isEqualTo(1);
        b.offer(10_000);
        ui.poll(2, TimeUnit.SECONDS).run();
        assertThat(seen).hasSize(10_001);
        timer.shutdownNow();
    }
}
