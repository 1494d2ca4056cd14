package dev.nsw.lexical;

import dev.nsw.data.Corpus;

/**
 * BM25 settings. For a term t in document d:
 * score = idf(t) · tf · (k1 + 1) / (tf + k1 · (1 − b + b · |d| / avgdl)), summed over query terms;
 * {@code k1} controls how fast term frequency saturates, {@code b} how much long documents are penalised.
 */
public record Bm25Options(LexicalAnalyzer analyzer, float k1, float b) {
    public static final float DEFAULT_K1 = 1.2f;
    public static final float DEFAULT_B = 0.75f;

    public Bm25Options {
        if (analyzer == null) {
            throw new IllegalArgumentException("analyzer must not be null");
        }
        if (!(k1 >= 0) || !Float.isFinite(k1)) {
            throw new IllegalArgumentException("k1 must be a finite number >= 0, got " + k1);
        }
        if (!(b >= 0 && b <= 1)) {
            throw new IllegalArgumentException("b must be in [0, 1], got " + b);
        }
    }

    public static Bm25Options defaults(LexicalAnalyzer analyzer) {
        return new Bm25Options(analyzer, DEFAULT_K1, DEFAULT_B);
    }

    /** The defaults with the analyzer chosen for {@code corpus} by {@link LexicalAnalyzer#autoFor}. */
    public static Bm25Options auto(Corpus corpus) {
        return defaults(LexicalAnalyzer.autoFor(corpus));
    }
}
