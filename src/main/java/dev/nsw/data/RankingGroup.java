package dev.nsw.data;

import java.util.List;

/**
 * One line of a JSON-lines ranking file (FlagEmbedding's fine-tuning format):
 * {@code {"query": "...", "pos": ["..."], "neg": ["...", ...]}}.
 */
public record RankingGroup(long line, String query, List<String> positives, List<String> negatives) {
    public RankingGroup {
        positives = List.copyOf(positives);
        negatives = List.copyOf(negatives);
    }
}
