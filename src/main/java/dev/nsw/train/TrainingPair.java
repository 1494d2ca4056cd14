package dev.nsw.train;

/**
 * One training example of a contrastive stage: a query and its positive. For SimCSE both are the same
 * text (the two dropout passes make them differ).
 */
public record TrainingPair(String query, String positive) {}
