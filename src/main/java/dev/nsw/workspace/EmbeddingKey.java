package dev.nsw.workspace;

import dev.nsw.data.Corpus;
import dev.nsw.encoder.EmbeddingIdentity;
import dev.nsw.encoder.TextEncoder;
import dev.nsw.io.Fingerprint;
import java.util.List;
import java.util.Locale;

/**
 * What decides a corpus's embeddings: the encoder's {@link EmbeddingIdentity} (model — config, projection,
 * tokenizer and weights —, max_seq_length, pooling, dimension, normalisation, precision) and the corpus
 * ({@link Corpus#fingerprint()}: its ordered texts). Saved embeddings are found by this key, so a change of any part
 * embeds afresh; the runtime (DJL or ONNX Runtime) is not part of it, since both give the same vectors for the same
 * identity.
 */
public record EmbeddingKey(EmbeddingIdentity identity, String corpusFingerprint) {

    public static EmbeddingKey of(TextEncoder encoder, Corpus corpus) {
        return new EmbeddingKey(encoder.embeddingIdentity(), corpus.fingerprint());
    }

    /** 16 hex digits of SHA-256 over the identity's line and the corpus fingerprint. */
    public String hash() {
        String all = Fingerprint.ofTexts(List.of(identity.line(), corpusFingerprint));
        String hex = all.substring(all.indexOf(':') + 1);
        return hex.substring(0, 16);
    }

    /**
     * The cache file name, readable first: {@code <model>-len<max_seq_length>-dim<D>-<hash>.npy}.
     */
    public String fileName(String modelSlug) {
        return String.format(
                Locale.ROOT, "%s-len%d-dim%d-%s.npy", modelSlug, identity.maxSeqLength(), identity.dimension(), hash());
    }
}
