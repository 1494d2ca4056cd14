package dev.nsw.encoder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything that decides the vector a text gets, so that embeddings made one way are never taken for embeddings
 * made another: what a resumed {@code .npy} ({@code retrieval.EmbeddingFile}), a corpus embedding cache
 * ({@code retrieval.CorpusEmbeddings}) and a workspace's saved embeddings ({@code workspace.EmbeddingKey}) are
 * bound to. Made in one place, {@link TextEncoder#embeddingIdentity()}.
 *
 * @param modelId the weights, config (the projection and its size included) and tokenizer ({@link ModelId})
 * @param maxSeqLength tokens a text is truncated to
 * @param pooling how token states become one vector ({@value #CLS_POOLING})
 * @param dimension the embedding size D (the projection's output, or the hidden size without one)
 * @param normalization what is done to the pooled vector ({@value #L2_NORMALIZED}: unit length)
 * @param precision the number format inference runs in ({@value #FP32}); a quantised runtime must say so here
 */
public record EmbeddingIdentity(
        String modelId, int maxSeqLength, String pooling, int dimension, String normalization, String precision) {

    /** The [CLS] token's final hidden state, as the recipe and both runtimes pool. */
    public static final String CLS_POOLING = "cls";

    /** Divided by its L2 norm: every embedding nsw makes has unit length. */
    public static final String L2_NORMALIZED = "l2";

    /** 32-bit floating point weights and activations (spelled as {@code encoder.Precision} of issue 26 will spell it). */
    public static final String FP32 = "fp32";

    /** The first word of {@link #line()}: a recorded binding without it was written before identities existed. */
    static final String TAG = "embedding";

    public EmbeddingIdentity {
        if (modelId == null || modelId.isBlank() || modelId.contains(" ") || modelId.contains("\n")) {
            throw new IllegalArgumentException("bad model id '" + modelId + "'");
        }
        for (String s : new String[] {pooling, normalization, precision}) {
            if (s == null || s.isBlank() || s.contains(" ") || s.contains("\n")) {
                throw new IllegalArgumentException("bad embedding setting '" + s + "'");
            }
        }
    }

    /**
     * One line, {@code key=value} pairs after the word {@code embedding}, e.g. {@code embedding model=sha256:…
     * max_seq_length=64 pooling=cls dimension=512 normalization=l2 precision=fp32}: what progress files and
     * cache sidecars record, and what {@link #parse} reads back.
     */
    public String line() {
        StringBuilder sb = new StringBuilder(TAG);
        fields().forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
        return sb.toString();
    }

    private Map<String, String> fields() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("model", modelId);
        f.put("max_seq_length", Integer.toString(maxSeqLength));
        f.put("pooling", pooling);
        f.put("dimension", Integer.toString(dimension));
        f.put("normalization", normalization);
        f.put("precision", precision);
        return f;
    }

    /** The identity a {@link #line()} recorded; empty for anything else (e.g. a bare model id from before). */
    public static Optional<EmbeddingIdentity> parse(String line) {
        if (line == null) {
            return Optional.empty();
        }
        String[] words = line.strip().split(" ");
        if (words.length != 7 || !words[0].equals(TAG)) {
            return Optional.empty();
        }
        Map<String, String> f = new LinkedHashMap<>();
        for (int i = 1; i < words.length; i++) {
            int eq = words[i].indexOf('=');
            if (eq <= 0) {
                return Optional.empty();
            }
            f.put(words[i].substring(0, eq), words[i].substring(eq + 1));
        }
        try {
            return Optional.of(new EmbeddingIdentity(
                    f.get("model"),
                    Integer.parseInt(f.get("max_seq_length")),
                    f.get("pooling"),
                    Integer.parseInt(f.get("dimension")),
                    f.get("normalization"),
                    f.get("precision")));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Why embeddings recorded as {@code recordedLine} are not embeddings of this identity, for a message: "made with
     * max_seq_length 16, this run uses 4", or that they were recorded before nsw kept these settings. Empty when
     * they are the same.
     */
    public Optional<String> differenceFrom(String recordedLine) {
        Optional<EmbeddingIdentity> recorded = parse(recordedLine);
        if (recorded.isEmpty()) {
            return Optional.of("it was recorded without max_seq_length, pooling, normalization and precision"
                    + " (by an older nsw, or not by nsw)");
        }
        Map<String, String> then = recorded.get().fields();
        List<String> changed = new ArrayList<>();
        fields().forEach((k, v) -> {
            if (!v.equals(then.get(k))) {
                changed.add(
                        k.equals("model")
                                ? "model " + then.get(k) + ", this run " + v
                                : k + " " + then.get(k) + ", this run " + v);
            }
        });
        return changed.isEmpty() ? Optional.empty() : Optional.of("it was made with " + String.join("; ", changed));
    }
}
