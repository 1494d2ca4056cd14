package dev.nsw.train;

import java.util.List;

/**
 * One training example of a contrastive stage: a query, its positive, and optional hard negatives that
 * join the batch's candidates as extra columns. For SimCSE query and positive are the same text (the two
 * dropout passes make them differ).
 */
public record TrainingPair(String query, String positive, List<String> hardNegatives) {
    public TrainingPair {
        hardNegatives = List.copyOf(hardNegatives);
    }

    public TrainingPair(String query, String positive) {
        this(query, positive, List.of());
    }
}
