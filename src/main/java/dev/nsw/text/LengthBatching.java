package dev.nsw.text;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Groups items of similar length into batches so that little compute is spent on padding; callers put
 * results back in the original order through the returned indices.
 */
public final class LengthBatching {
    private LengthBatching() {}

    /**
     * Splits {@code 0..lengths.length-1} into batches of at most {@code batchSize} indices, ordered by
     * length (longest first, ties by index, so the result is deterministic).
     *
     * @param lengths length of each item
     * @param batchSize maximum batch size, at least 1
     * @return batches of original indices
     */
    public static List<int[]> byLength(int[] lengths, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        int[] order = IntStream.range(0, lengths.length)
                .boxed()
                .sorted(Comparator.<Integer>comparingInt(i -> -lengths[i]).thenComparingInt(i -> i))
                .mapToInt(Integer::intValue)
                .toArray();
        List<int[]> batches = new ArrayList<>();
        for (int start = 0; start < order.length; start += batchSize) {
            int end = Math.min(order.length, start + batchSize);
            int[] batch = new int[end - start];
            System.arraycopy(order, start, batch, 0, batch.length);
            batches.add(batch);
        }
        return batches;
    }
}
