package dev.nsw.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;

/**
 * {@code POST /rerank {"query": "...", "documents": [...]}} → {@code {"scores": [...], "order": [...]}}: the
 * documents' indices by score, ties in input order.
 */
final class RerankEndpoint implements ApiRouter.PostEndpoint {
    private final SearchBackend backend;

    RerankEndpoint(SearchBackend backend) {
        this.backend = backend;
    }

    @Override
    public Object answer(JsonRequest request) {
        if (!backend.canRerank()) {
            throw new ApiException(404, "no reranker is loaded: start the server with --reranker DIR");
        }
        String query = request.text("query");
        List<String> docs = request.texts("documents");
        long t0 = System.nanoTime();
        float[] scores = backend.rerank(query, docs);
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(scores[b], scores[a])); // stable: ties keep input order
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("score", backend.rerankScoreKind());
        ArrayNode s = n.putArray("scores");
        for (float x : scores) {
            s.add(x);
        }
        ArrayNode o = n.putArray("order");
        for (int i : order) {
            o.add(i);
        }
        n.put("took_ms", (System.nanoTime() - t0) / 1e6);
        return n;
    }
}
