package dev.nsw.text;

import java.util.Arrays;
import java.util.List;

/**
 * How long a corpus's texts are for one model: each text's token count with that model's tokenizer, untruncated,
 * {@code [CLS]} and {@code [SEP]} included — what a max_seq_length is compared with. Measured on every text, or on
 * an evenly spaced sample of {@link #MAX_SAMPLE} for a larger corpus (tokenising is fast, but a million texts are
 * not needed to know their percentiles).
 *
 * @param sorted the measured lengths, ascending
 * @param corpusSize how many texts the corpus has (≥ {@code sorted.length})
 */
public record TokenLengths(int[] sorted, int corpusSize) {
    /** Texts measured at most; a larger corpus is sampled evenly (every n-th text, deterministic). */
    public static final int MAX_SAMPLE = 20_000;

    public TokenLengths {
        sorted = sorted.clone();
        Arrays.sort(sorted);
        if (corpusSize < sorted.length) {
            throw new IllegalArgumentException(sorted.length + " lengths measured of a corpus of " + corpusSize);
        }
    }

    /** Measures {@code texts} with {@code tokenizer} (its truncation does not apply). */
    public static TokenLengths measure(Tokenizer tokenizer, List<String> texts) {
        int n = texts.size();
        int m = Math.min(n, MAX_SAMPLE);
        int[] lengths = new int[m];
        for (int i = 0; i < m; i++) {
            // Evenly spaced over the corpus: index floor(i · n / m); all of them when m = n.
            lengths[i] = tokenizer.untruncatedLength(texts.get((int) ((long) i * n / m)));
        }
        return new TokenLengths(lengths, n);
    }

    /** Texts measured. */
    public int measured() {
        return sorted.length;
    }

    /** Whether only a sample of the corpus was measured. */
    public boolean sampled() {
        return sorted.length < corpusSize;
    }

    /** The nearest-rank {@code p}-th percentile (p in (0, 100]): the smallest length ≥ p % of the texts have. */
    public int percentile(double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
        }
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    /** The share of texts (of those measured) that fit in {@code maxSeqLength} tokens, in [0, 1]; 1 when none were. */
    public double shareWithin(int maxSeqLength) {
        if (sorted.length == 0) {
            return 1;
        }
        int fit = upperBound(maxSeqLength);
        return (double) fit / sorted.length;
    }

    /** The longest text measured, in tokens; 0 when none. */
    public int max() {
        return sorted.length == 0 ? 0 : sorted[sorted.length - 1];
    }

    /**
     * Counts per bin for a histogram: bin i holds lengths in {@code (edges[i−1], edges[i]]} (bin 0 from 0), and a
     * last bin the lengths above the last edge. {@code edges} ascending.
     */
    public long[] histogram(int... edges) {
        long[] counts = new long[edges.length + 1];
        int below = 0;
        for (int i = 0; i < edges.length; i++) {
            if (i > 0 && edges[i] <= edges[i - 1]) {
                throw new IllegalArgumentException("histogram edges must ascend: " + Arrays.toString(edges));
            }
            int upTo = upperBound(edges[i]);
            counts[i] = upTo - below;
            below = upTo;
        }
        counts[edges.length] = sorted.length - below;
        return counts;
    }

    /** How many measured lengths are ≤ {@code x}. */
    private int upperBound(int x) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
