package dev.nsw.workspace;

import dev.nsw.data.Corpus;
import dev.nsw.encoder.Encoder;
import dev.nsw.io.Fingerprint;
import java.util.List;
import java.util.Locale;

/**
 * What decides a corpus's embeddings: the model ({@link Encoder#modelId()}: config, tokenizer and weights),
 * the corpus ({@link Corpus#fingerprint()}: its ordered texts), the truncation length and the projection
 * size. Saved embeddings are found by this key, so a change of any of the four embeds afresh.
 */
public record EmbeddingKey(String modelId, String corpusFingerprint, int maxSeqLength, int projection) {

    public static EmbeddingKey of(Encoder encoder, Corpus corpus) {
        return new EmbeddingKey(encoder.modelId(), corpus.fingerprint(), encoder.tokenizer().maxSeqLength(),
                encoder.config().outputEmbSize());
    }

    /** 16 hex digits of SHA-256 over the four parts. */
    public String hash() {
        String all = Fingerprint.ofTexts(List.of(modelId, corpusFingerprint, Integer.toString(maxSeqLength), Integer.toString(projection)));
        String hex = all.substring(all.indexOf(':') + 1);
        return hex.substring(0, 16);
    }

    /**
     * The cache file name, readable first: {@code <model>-len<max_seq_length>-proj<projection>-<hash>.npy}
     * ({@code proj0} = no projection).
     */
    public String fileName(String modelSlug) {
        return String.format(Locale.ROOT, "%s-len%d-proj%d-%s.npy", modelSlug, maxSeqLength, projection, hash());
    }
}
