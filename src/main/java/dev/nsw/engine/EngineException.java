package dev.nsw.engine;

/** A failure talking to an engine, with a message that is the whole story in one line (URL, index, cause). */
public final class EngineException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EngineException(String message) {
        super(message);
    }

    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
