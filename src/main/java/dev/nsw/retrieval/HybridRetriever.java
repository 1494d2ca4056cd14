package dev.nsw.retrieval;

import dev.nsw.data.RecallRun;
import dev.nsw.data.ScoredDoc;
import java.util.List;
import java.util.Map;

/**
 * One query at a time, the hybrid of a lexical and a dense {@link Retriever}: each answers to
 * {@link HybridRecall#firstStageDepth}{@code (k)}, and {@link Fusion} merges the two lists — the same rule
 * {@code nsw recall --mode hybrid} applies to a whole query set.
 */
public final class HybridRetriever implements Retriever {
    private final Retriever lexical;
    private final Retriever dense;
    private final Fusion.Method method;

    public HybridRetriever(Retriever lexical, Retriever dense, Fusion.Method method) {
        this.lexical = lexical;
        this.dense = dense;
        this.method = method;
    }

    @Override
    public String name() {
        return "hybrid (" + method.describe() + ") of " + lexical.name() + " and " + dense.name();
    }

    @Override
    public String scoreKind() {
        return switch (method) {
            case Fusion.Rrf r -> "RRF";
            case Fusion.ZScore z -> "z-fused";
            case Fusion.LabelFree f -> "z-fused";
            case Fusion.Convex c -> "fused";
        };
    }

    @Override
    public List<ScoredDoc> search(String query, int k) {
        return searchWithStages(query, k).fused();
    }

    /**
     * The fused top {@code k} with the two first-stage lists it came from (each to
     * {@link HybridRecall#firstStageDepth}{@code (k)}), so that a caller can show every fused document's rank
     * in each retriever without searching twice.
     */
    public Stages searchWithStages(String query, int k) {
        int depth = HybridRecall.firstStageDepth(k);
        List<ScoredDoc> lex = lexical.search(query, depth);
        List<ScoredDoc> den = dense.search(query, depth);
        RecallRun a = new RecallRun(lexical.scoreKind(), Map.of("q", lex));
        RecallRun b = new RecallRun(dense.scoreKind(), Map.of("q", den));
        return new Stages(lex, den, Fusion.fuse(a, b, method, k).ranking("q"));
    }

    /** The lexical and dense first stages (to {@link HybridRecall#firstStageDepth}) and the fused top k. */
    public record Stages(List<ScoredDoc> lexical, List<ScoredDoc> dense, List<ScoredDoc> fused) {}

    public Fusion.Method method() {
        return method;
    }
}
