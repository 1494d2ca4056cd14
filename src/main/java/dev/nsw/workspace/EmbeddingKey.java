package dev.nsw.workspace;

import dev.nsw.data.Corpus;
import dev.nsw.encoder.TextEncoder;
import dev.nsw.io.Fingerprint;
import java.util.List;
import java.util.Locale;

/**
 * What decides a corpus's embeddings: the model ({@link TextEncoder#modelId()}: config — the projection
 * included — tokenizer and weights), the corpus ({@link Corpus#fingerprint()}: its ordered texts), the
 * truncation length and the embedding size D (the projection's output, or the hidden size without one).
 * Saved embeddings are found by this key, so a change of any of the four embeds afresh; the runtime (DJL
 * or ONNX Runtime) is not part of it, since both give the same vectors for the same model id.
 */
public record EmbeddingKey(String modelId, String corpusFingerprint, int maxSeqLength, int dimensions) {

    public static EmbeddingKey of(TextEncoder encoder, Corpus corpus) {
        return new EmbeddingKey(
                encoder.modelId(), corpus.fingerprint(), encoder.tokenizer().maxSeqLength(), encoder.dimension());
    }

    /** 16 hex digits of SHA-256 over the four parts. */
    public String hash() {
        String all = Fingerprint.ofTexts(
                List.of(modelId, corpusFingerprint, Integer.toString(maxSeqLength), Integer.toString(dimensions)));
        String hex = all.substring(all.indexOf(':') + 1);
        return hex.substring(0, 16);
    }

    /**
     * The cache file name, readable first: {@code <model>-len<max_seq_length>-dim<D>-<hash>.npy}.
     */
    public String fileName(String modelSlug) {
        return String.format(Locale.ROOT, "%s-len%d-dim%d-%s.npy", modelSlug, maxSeqLength, dimensions, hash());
    }
}
