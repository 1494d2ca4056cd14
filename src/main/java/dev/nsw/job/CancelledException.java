package dev.nsw.job;

/** Thrown by a job that stopped because its {@link CancellationToken} was cancelled. */
public final class CancelledException extends RuntimeException {
    public CancelledException() {
        super("cancelled");
    }
}
