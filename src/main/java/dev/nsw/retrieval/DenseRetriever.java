package dev.nsw.retrieval;

import dev.nsw.data.ScoredDoc;
import dev.nsw.encoder.Encoder;
import dev.nsw.encoder.TextEncoder;
import dev.nsw.index.VectorIndex;
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
     * @param cosine query · document of the L2-normalised embeddings (the score the index ranks by)
     * @param tokens the word pieces the model read, [CLS] … [SEP], after truncation to max_seq_length
     * @param truncated true when the text was longer than max_seq_length: the model never saw the rest
     */
    public record Explained(double cosine, List<String> tokens, boolean truncated, int maxSeqLength) {}

    /** Embeds the query and the document now and shows the tokens the model read. */
    public Explained explain(String query, String docText) {
        float[][] v = encoder.embed(List.of(query, docText));
        double dot = 0;
        for (int i = 0; i < v[0].length; i++) {
            dot += (double) v[0][i] * v[1][i];
        }
        List<String> seen = encoder.tokenizer().tokens(docText);
        int max = encoder.tokenizer().maxSeqLength();
        boolean truncated = seen.size() >= max && !seen.isEmpty() && fullLength(docText) > seen.size();
        return new Explained(dot, seen, truncated, max);
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
