package dev.nsw.engine;

import java.net.URI;
import java.util.List;

/**
 * No node of the engine answered: every URL the client was given refused the connection, dropped it or timed out.
 * The cause is the last node's transport failure.
 */
public final class EngineUnavailableException extends EngineException {
    private static final long serialVersionUID = 1L;

    private final transient List<URI> nodes;

    public EngineUnavailableException(String message, List<URI> nodes, Throwable cause) {
        super(message, cause);
        this.nodes = List.copyOf(nodes);
    }

    /** The node URLs that were tried, in order. */
    public List<URI> nodes() {
        return nodes;
    }
}
