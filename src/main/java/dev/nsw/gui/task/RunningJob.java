package dev.nsw.gui.task;

import dev.nsw.job.CancellationToken;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * A job in progress as the status bar shows it: title, progress (0–1, or -1 while unknown), the job's
 * message, an ETA, and a Cancel that sets the job's {@link CancellationToken}. Properties change only on
 * the UI thread (the executor hands updates over).
 */
public final class RunningJob {
    private final String title;
    private final CancellationToken token = new CancellationToken();
    private final LongSupplier clock;
    private final long startNanos;
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", -1);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper eta = new ReadOnlyStringWrapper(this, "eta", "");

    RunningJob(String title, LongSupplier clock) {
        this.title = title;
        this.clock = clock;
        this.startNanos = clock.getAsLong();
    }

    public String title() {
        return title;
    }

    public CancellationToken token() {
        return token;
    }

    /** Asks the job to stop at its next check. */
    public void cancel() {
        token.cancel();
        message.set("cancelling…");
    }

    public boolean isCancelled() {
        return token.isCancelled();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty etaProperty() {
        return eta.getReadOnlyProperty();
    }

    /** Applies a progress snapshot (UI thread). */
    void update(long done, long total, String text) {
        if (token.isCancelled()) {
            return;
        }
        double fraction = total > 0 ? Math.min(1.0, (double) done / total) : -1;
        progress.set(fraction);
        message.set(text == null ? "" : text);
        eta.set(etaText(fraction, clock.getAsLong() - startNanos));
    }

    /** "ETA 1:05" from the elapsed time and the fraction done; empty while unknown or too early to tell. */
    static String etaText(double fraction, long elapsedNanos) {
        if (fraction <= 0.01 || fraction >= 1 || elapsedNanos < 200_000_000L) {
            return "";
        }
        long remaining = (long) (elapsedNanos * (1 - fraction) / fraction);
        Duration d = Duration.ofNanos(remaining);
        long s = d.toSeconds();
        return s >= 3600
                ? String.format(Locale.ROOT, "ETA %d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
                : String.format(Locale.ROOT, "ETA %d:%02d", s / 60, s % 60);
    }
}
