package dev.nsw.engine;

/** The engine answers but has no index of that name (never pushed, deleted, or a typo). */
public final class EngineIndexNotFoundException extends EngineException {
    private static final long serialVersionUID = 1L;

    private final String index;

    public EngineIndexNotFoundException(String index, String message) {
        super(message);
        this.index = index;
    }

    public String index() {
        return index;
    }
}
