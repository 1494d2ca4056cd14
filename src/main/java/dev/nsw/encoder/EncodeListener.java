package dev.nsw.encoder;

/** Receives progress of a long embedding job; called on the embedding thread after each batch. */
@FunctionalInterface
public interface EncodeListener {

    /** A listener that ignores progress. */
    EncodeListener NONE = (done, total) -> {};

    /**
     * Reports progress.
     *
     * @param done texts embedded so far
     * @param total texts in the job
     */
    void onProgress(int done, int total);
}
