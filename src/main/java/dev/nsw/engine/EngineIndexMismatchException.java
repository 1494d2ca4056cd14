package dev.nsw.engine;

/**
 * The index exists but belongs to other work: its {@code _meta} names another model (its vectors would be scored
 * against queries of this one) or another corpus (its documents are not this corpus's texts).
 */
public final class EngineIndexMismatchException extends EngineException {
    private static final long serialVersionUID = 1L;

    /** What differs. */
    public enum Mismatch {
        MODEL,
        CORPUS
    }

    private final String index;
    private final Mismatch mismatch;
    private final String recorded;
    private final String wanted;

    public EngineIndexMismatchException(
            String index, Mismatch mismatch, String recorded, String wanted, String message) {
        super(message);
        this.index = index;
        this.mismatch = mismatch;
        this.recorded = recorded;
        this.wanted = wanted;
    }

    public String index() {
        return index;
    }

    public Mismatch mismatch() {
        return mismatch;
    }

    /** The model id or corpus fingerprint the index records. */
    public String recorded() {
        return recorded;
    }

    /** The model id or corpus fingerprint this run has. */
    public String wanted() {
        return wanted;
    }
}
