package dev.nsw.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nsw.encoder.TextEncoder;

/** {@code GET /models}: the encoder, the reranker, the search modes, the corpus size and the request limits. */
final class ModelsEndpoint implements ApiRouter.GetEndpoint {
    private final SearchBackend backend;
    private final SearchServer.Limits limits;

    ModelsEndpoint(SearchBackend backend, SearchServer.Limits limits) {
        this.backend = backend;
        this.limits = limits;
    }

    @Override
    public Object answer() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        TextEncoder e = backend.encoder();
        if (e != null) {
            ObjectNode m = n.putObject("encoder");
            m.put("name", e.name());
            m.put("model_id", e.modelId());
            m.put("dimension", e.dimension());
            m.put("runtime", e.runtime());
        } else {
            n.putNull("encoder");
        }
        if (backend.canRerank()) {
            ObjectNode r = n.putObject("reranker");
            r.put("name", backend.rerankerName());
            r.put("score", backend.rerankScoreKind());
        } else {
            n.putNull("reranker");
        }
        ArrayNode modes = n.putArray("modes");
        for (String mode : backend.modes()) {
            ObjectNode m = modes.addObject();
            m.put("mode", mode);
            m.put("retriever", backend.retriever(mode).name());
            m.put("score", backend.retriever(mode).scoreKind());
            m.put("default", mode.equals(backend.defaultMode()));
        }
        n.put("documents", backend.corpus().size());
        ObjectNode l = n.putObject("limits");
        l.put("max_body_bytes", limits.maxBodyBytes());
        l.put("max_k", limits.maxK());
        l.put("max_batch", limits.maxBatch());
        l.put("max_rerank", limits.maxRerank());
        l.put("max_query_chars", limits.maxQueryChars());
        return n;
    }
}
