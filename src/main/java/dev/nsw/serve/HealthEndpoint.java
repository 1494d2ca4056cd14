package dev.nsw.serve;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.LongSupplier;

/** {@code GET /health}: {@code {"status":"ok", "documents": N, "uptime_s": S, "requests": R}}. */
final class HealthEndpoint implements ApiRouter.GetEndpoint {
    private final SearchBackend backend;
    private final LongSupplier requests;
    private final long started = System.nanoTime();

    HealthEndpoint(SearchBackend backend, LongSupplier requests) {
        this.backend = backend;
        this.requests = requests;
    }

    @Override
    public Object answer() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("status", "ok");
        n.put("documents", backend.corpus().size());
        n.put("uptime_s", Math.round((System.nanoTime() - started) / 1e9));
        n.put("requests", requests.getAsLong());
        return n;
    }
}
