package dev.nsw.index;

/**
 * Bounded min-heap of (score, ordinal) pairs keeping the {@code k} best; ties go to the smaller ordinal so
 * that results are deterministic.
 */
final class TopK {
    private final int k;
    private final float[] scores;
    private final int[] ords;
    private int size;

    TopK(int k) {
        this.k = k;
        this.scores = new float[k];
        this.ords = new int[k];
    }

    /** Whether (s, o) ranks below (s2, o2). */
    private static boolean worse(float s, int o, float s2, int o2) {
        return s < s2 || (s == s2 && o > o2);
    }

    /** Lowest score kept, or -infinity while fewer than k are held. */
    float threshold() {
        return size < k ? Float.NEGATIVE_INFINITY : scores[0];
    }

    void offer(float score, int ord) {
        if (size < k) {
            int i = size++;
            while (i > 0) {
                int p = (i - 1) >>> 1;
                if (!worse(score, ord, scores[p], ords[p])) {
                    break;
                }
                scores[i] = scores[p];
                ords[i] = ords[p];
                i = p;
            }
            scores[i] = score;
            ords[i] = ord;
        } else if (worse(scores[0], ords[0], score, ord)) {
            siftDown(score, ord);
        }
    }

    void addAll(TopK other) {
        for (int i = 0; i < other.size; i++) {
            offer(other.scores[i], other.ords[i]);
        }
    }

    private void siftDown(float score, int ord) {
        int i = 0;
        int half = size >>> 1;
        while (i < half) {
            int c = 2 * i + 1;
            int r = c + 1;
            if (r < size && worse(scores[r], ords[r], scores[c], ords[c])) {
                c = r;
            }
            if (!worse(scores[c], ords[c], score, ord)) {
                break;
            }
            scores[i] = scores[c];
            ords[i] = ords[c];
            i = c;
        }
        scores[i] = score;
        ords[i] = ord;
    }

    int size() {
        return size;
    }

    /** Drains the heap best first into {@code outOrds}/{@code outScores}; returns the count. */
    int drainBestFirst(int[] outOrds, float[] outScores) {
        int n = size;
        for (int i = n - 1; i >= 0; i--) {
            outOrds[i] = ords[0];
            outScores[i] = scores[0];
            size--;
            if (size > 0) {
                float s = scores[size];
                int o = ords[size];
                siftDown(s, o);
            }
        }
        return n;
    }
}
