package dev.nsw.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** {@code POST /embed {"texts": [...]}} → {@code {"embeddings": [[...]], "model_id", "dimension", "took_ms"}}. */
final class EmbedEndpoint implements ApiRouter.PostEndpoint {
    private final SearchBackend backend;

    EmbedEndpoint(SearchBackend backend) {
        this.backend = backend;
    }

    @Override
    public Object answer(JsonRequest request) {
        if (backend.encoder() == null) {
            throw new ApiException(404, "no encoder is loaded");
        }
        List<String> texts = request.texts("texts");
        long t0 = System.nanoTime();
        float[][] vectors = backend.embed(texts);
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("model_id", backend.encoder().modelId());
        n.put("dimension", backend.encoder().dimension());
        ArrayNode rows = n.putArray("embeddings");
        for (float[] v : vectors) {
            ArrayNode row = rows.addArray();
            for (float x : v) {
                row.add(x);
            }
        }
        n.put("took_ms", (System.nanoTime() - t0) / 1e6);
        return n;
    }
}
