package dev.nsw.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code POST /search {"query": "...", "k": 10, "mode": "dense", "rerank": 0}} → {@code {"hits": [...], ...}}: k up
 * to {@code maxK}, a mode the backend serves, and a rerank depth only when a reranker is loaded.
 */
final class SearchEndpoint implements ApiRouter.PostEndpoint {
    private final SearchBackend backend;
    private final SearchServer.Limits limits;

    SearchEndpoint(SearchBackend backend, SearchServer.Limits limits) {
        this.backend = backend;
        this.limits = limits;
    }

    @Override
    public Object answer(JsonRequest request) {
        String query = request.text("query");
        int k = request.integer("k", 10, 1, limits.maxK());
        int rerank = request.integer("rerank", 0, 0, limits.maxRerank());
        String mode = request.optionalString("mode", backend.defaultMode());
        if (backend.retriever(mode) == null) {
            throw new ApiException(400, "unknown mode '" + mode + "': use one of " + backend.modes());
        }
        if (rerank > 0 && !backend.canRerank()) {
            throw new ApiException(400, "rerank needs a reranker: start the server with --reranker DIR");
        }
        long t0 = System.nanoTime();
        SearchBackend.SearchResult r = backend.search(query, k, mode, rerank);
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("query", query);
        n.put("mode", r.mode());
        n.put("retriever", backend.retriever(mode).name());
        n.put("score", r.scoreKind());
        n.put("reranked", r.reranked());
        ArrayNode hits = n.putArray("hits");
        for (SearchBackend.Hit h : r.hits()) {
            ObjectNode o = hits.addObject();
            o.put("rank", h.rank());
            o.put("id", h.id());
            o.put("score", h.score());
            o.put("text", h.text());
        }
        n.put("took_ms", (System.nanoTime() - t0) / 1e6);
        return n;
    }
}
