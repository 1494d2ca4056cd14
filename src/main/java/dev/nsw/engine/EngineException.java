package dev.nsw.engine;

/**
 * A failure talking to an engine, with a message that is the whole story in one line (URL, index, cause). The
 * failures a person can act on have their own types, so that a front end can tell them apart without reading the
 * message: {@link EngineUnavailableException} (no node answers), {@link EngineIndexNotFoundException} (no such
 * index) and {@link EngineIndexMismatchException} (an index of another model or corpus).
 */
public class EngineException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EngineException(String message) {
        super(message);
    }

    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
