package dev.nsw.index;

/**
 * One search result: the stored item's external {@code id}, its position {@code ordinal} in build order
 * (0-based), and its {@code score}, the inner product of the L2-normalised query and item vectors, which
 * is their cosine similarity in [-1, 1] (higher is closer).
 */
public record Hit(String id, int ordinal, float score) {
    @Override
    public String toString() {
        return id + "(" + ordinal + ")=" + score;
    }
}
