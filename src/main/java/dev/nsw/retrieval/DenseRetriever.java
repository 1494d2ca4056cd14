package dev.nsw.retrieval;

import dev.nsw.data.ScoredDoc;
import dev.nsw.encoder.Encoder;
import dev.nsw.encoder.TextEncoder;
import dev.nsw.index.IndexMetadata;
import dev.nsw.index.VectorIndex;
import dev.nsw.text.PassageWindows;
import java.util.List;

/**
 * {@link Retriever} over an {@link Encoder} and the {@link VectorIndex} of its corpus embeddings: the query
 * is embedded (CLS → projection → L2 norm) and the index returns the top K by cosine similarity, as
 * {@code DenseRecall.recall} does for a whole query file. Owns the encoder: {@link #close()} frees its
 * native memory.
 */
public final class DenseRetriever implements Retriever, AutoCloseable {
    private final TextEncoder encoder;
    private final VectorIndex index;
    private final String label;

    public DenseRetriever(TextEncoder encoder, VectorIndex index, String label) {
        DenseRecall.requireSameModel(index, encoder);
        this.encoder = encoder;
        this.index = index;
        this.label = label;
    }

    @Override
    public String name() {
        return "Dense " + label + " · " + index.kind();
    }

    @Override
    public String scoreKind() {
        return "cosine";
    }

    @Override
    public List<ScoredDoc> search(String query, int k) {
        float[] v = encoder.embed(List.of(query))[0];
        // the first k of the one order (RankingOrder), ties at the cut-off included, as DenseRecall.search
        return dev.nsw.data.RankingOrder.topK(n -> DenseRecall.scored(index.search(v, n)), k);
    }

    /**
     * What the dense side saw of a document.
     *
     * @param cosine query · document of the L2-normalised embeddings (the score the index ranks by); for an index of
     *     passages (MaxP), query · its best passage
     * @param tokens the word pieces the model read, [CLS] … [SEP], after truncation to max_seq_length; for MaxP, those
     *     of the best passage
     * @param truncated true when the text was longer than max_seq_length and read once: the model never saw the rest
     * @param maxSeqLength tokens the model reads of a text (a passage window for MaxP)
     * @param passage 1-based number of the best passage under MaxP; 0 when the document is read whole
     * @param passages passages the document was cut into under MaxP (1 for a document that fits one window); 0 when
     *     the index holds one vector per document
     */
    public record Explained(
            double cosine, List<String> tokens, boolean truncated, int maxSeqLength, int passage, int passages) {
        /** How the model read the document, in words: the length and what was cut, or which passage scored. */
        public String reading() {
            if (passages > 1) {
                return String.format(
                        java.util.Locale.ROOT,
                        "MaxP: the best of %d passages, passage %d; %d tokens, max_seq_length %d",
                        passages,
                        passage,
                        tokens.size(),
                        maxSeqLength);
            }
            return tokens.size() + " tokens, max_seq_length " + maxSeqLength
                    + (truncated ? ", the rest was cut off" : "")
                    + (passages == 1 ? "; MaxP: the document fits one passage" : "");
        }
    }

    /**
     * Embeds the query and the document now and shows the tokens the model read. Over an index of passages (MaxP)
     * the document is cut as the index was ({@link IndexMetadata.Passages}), every passage is embedded, and the best
     * one — the score the index ranks the document by — is shown.
     */
    public Explained explain(String query, String docText) {
        int max = encoder.tokenizer().maxSeqLength();
        java.util.Optional<IndexMetadata.Passages> layout = index.passages();
        if (layout.isPresent()) {
            List<String> passages = new PassageWindows(
                            layout.get().window(), layout.get().stride())
                    .split(encoder.tokenizer(), docText);
            List<String> texts = new java.util.ArrayList<>(passages.size() + 1);
            texts.add(query);
            texts.addAll(passages);
            float[][] v = encoder.embed(texts);
            int best = 1;
            double bestCosine = Double.NEGATIVE_INFINITY;
            for (int p = 1; p < v.length; p++) {
                double c = dot(v[0], v[p]);
                if (c > bestCosine) { // the first of equal passages
                    bestCosine = c;
                    best = p;
                }
            }
            List<String> seen = encoder.tokenizer().tokens(passages.get(best - 1));
            return new Explained(bestCosine, seen, false, max, best, passages.size());
        }
        float[][] v = encoder.embed(List.of(query, docText));
        List<String> seen = encoder.tokenizer().tokens(docText);
        boolean truncated = seen.size() >= max && !seen.isEmpty() && fullLength(docText) > seen.size();
        return new Explained(dot(v[0], v[1]), seen, truncated, max, 0, 0);
    }

    private static double dot(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
        }
        return dot;
    }

    private int fullLength(String text) {
        try (dev.nsw.text.Tokenizer untruncated = encoder.tokenizer().withMaxSeqLength(100_000)) {
            return untruncated.tokens(text).size();
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    public String label() {
        return label;
    }

    public VectorIndex index() {
        return index;
    }

    public String modelId() {
        return index.modelId();
    }

    @Override
    public void close() {
        encoder.close();
    }
}
