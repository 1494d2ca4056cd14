package dev.nsw.job;

/**
 * Receives progress of a long job. Called from the worker thread; implementations that touch a UI must
 * hand the update over to it (the GUI adapts this to {@code javafx.concurrent.Task} in one place).
 */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (done, total, message) -> {};

    /**
     * @param done units finished so far
     * @param total units in all, or -1 when unknown
     * @param message what is being done, for a status line
     */
    void progress(long done, long total, String message);
}
