package dev.nsw.gui.datasets;

import java.util.ArrayList;
import java.util.List;

/**
 * Counts of lengths in equal-width bins, for the length chart.
 *
 * @param bins bins in order; each covers [from, to] characters
 */
public record Histogram(String column, List<Bin> bins) {
    public record Bin(int from, int to, int count) {
        public String label() {
            return from == to ? Integer.toString(from) : from + "–" + to;
        }
    }

    public Histogram {
        bins = List.copyOf(bins);
    }

    /** Up to {@code maxBins} bins of equal integer width covering min..max. */
    public static Histogram of(String column, int[] lengths, int maxBins) {
        if (lengths.length == 0) {
            return new Histogram(column, List.of());
        }
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (int v : lengths) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        int width = Math.max(1, (int) Math.ceil((max - min + 1) / (double) maxBins));
        int n = (max - min) / width + 1;
        int[] counts = new int[n];
        for (int v : lengths) {
            counts[(v - min) / width]++;
        }
        List<Bin> bins = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            bins.add(new Bin(min + i * width, min + (i + 1) * width - 1, counts[i]));
        }
        return new Histogram(column, bins);
    }
}
