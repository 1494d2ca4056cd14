package dev.nsw.index;

/**
 * Receives progress while an index is built. Called from build worker threads, at most every
 * {@code interval} items and once at the end; implementations must be thread-safe and quick.
 */
@FunctionalInterface
public interface BuildProgressListener {
    /** A listener that ignores all updates. */
    BuildProgressListener NONE = (done, total) -> {};

    /**
     * @param done  items added so far
     * @param total items to add in all
     */
    void progress(int done, int total);
}
