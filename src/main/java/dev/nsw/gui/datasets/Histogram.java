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
            if (to == Integer.MAX_VALUE) {
                return ">" + (from - 1); // the open last bin of a histogram with edges
            }
            return from == to ? Integer.toString(from) : from + "–" + to;
        }
    }

    public Histogram {
        bins = List.copyOf(bins);
    }

    /**
     * Bins at fixed {@code edges} from counts made with them ({@code TokenLengths.histogram(edges)}): bin i covers
     * {@code (edges[i−1], edges[i]]} (bin 0 from 0), the last bin everything above the last edge.
     */
    public static Histogram withEdges(String column, int[] edges, long[] counts) {
        if (counts.length != edges.length + 1) {
            throw new IllegalArgumentException(counts.length + " counts for " + edges.length + " edges");
        }
        List<Bin> bins = new ArrayList<>(counts.length);
        for (int i = 0; i < counts.length; i++) {
            int from = i == 0 ? 0 : edges[i - 1] + 1;
            int to = i < edges.length ? edges[i] : Integer.MAX_VALUE;
            bins.add(new Bin(from, to, Math.toIntExact(counts[i])));
        }
        return new Histogram(column, bins);
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
