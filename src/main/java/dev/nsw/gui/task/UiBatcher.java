package dev.nsw.gui.task;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Collects events from a worker thread and hands them to the UI thread in batches: the first event after a
 * flush schedules the next flush {@code delayMillis} later, so the UI thread gets at most one hand-over per
 * interval however many events arrive (training steps, evaluations), never one per event, and no event
 * waits longer than the interval. Made by {@link TaskExecutor#batcher}.
 */
public final class UiBatcher<E> {
    private final ConcurrentLinkedQueue<E> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Executor uiThread;
    private final ScheduledExecutorService timer;
    private final long delayMillis;
    private final Consumer<List<E>> sink;
    private int flushes;

    /** @param timer delays the hand-over; {@code null} hands over at once (the synchronous test executor) */
    UiBatcher(Executor uiThread, ScheduledExecutorService timer, long delayMillis, Consumer<List<E>> sink) {
        this.uiThread = uiThread;
        this.timer = timer;
        this.delayMillis = delayMillis;
        this.sink = sink;
    }

    /** Adds an event (any thread). */
    public void offer(E event) {
        queue.add(event);
        if (scheduled.compareAndSet(false, true)) {
            if (timer == null) {
                uiThread.execute(this::flush);
            } else {
                timer.schedule(() -> uiThread.execute(this::flush), delayMillis, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Hands everything queued to the sink now (UI thread); call it when the job ends. */
    public void flush() {
        scheduled.set(false);
        List<E> batch = new ArrayList<>();
        for (E e; (e = queue.poll()) != null; ) {
            batch.add(e);
        }
        if (!batch.isEmpty()) {
            flushes++;
            sink.accept(batch);
        }
    }

    /** Batches handed over so far (UI thread). */
    public int flushes() {
        return flushes;
    }
}
