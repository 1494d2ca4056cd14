package dev.nsw.bench;

import dev.nsw.encoder.EncoderOptions;
import dev.nsw.encoder.InferenceRuntime;
import dev.nsw.encoder.TextEncoder;
import dev.nsw.job.CancellationToken;
import dev.nsw.job.ProgressListener;
import dev.nsw.text.PassageWindows;
import dev.nsw.text.TokenLengths;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Documents per second of a dense model at each max_seq_length, reading documents truncated or cut into passages
 * (MaxP), on a sample of a corpus: the cost side of choosing a corpus's max_seq_length ({@code
 * text.MaxSeqLengthRule}); the quality side is a full recall run of each setting.
 *
 * <p>Every setting keeps its encoder loaded and they take turns, round after round, so that load from other
 * processes falls on all alike; the best round of each is reported (the least disturbed). A passage setting is
 * timed embedding every passage of the sample's documents, and its rate is counted in documents.
 */
public final class LengthBench {
    private LengthBench() {}

    /**
     * One setting's measurement.
     *
     * @param passages the windows documents were cut into, or null: truncated at {@code maxSeqLength}
     * @param documents documents of the sample
     * @param texts texts embedded (passages, or the documents)
     * @param seconds the best round's wall time
     * @param shareFit the share of the sample's documents that fit in {@code maxSeqLength} tokens
     */
    public record Row(
            int maxSeqLength, PassageWindows passages, int documents, int texts, double seconds, double shareFit) {
        public double documentsPerSecond() {
            return documents / seconds;
        }

        public double textsPerSecond() {
            return texts / seconds;
        }

        public String setting() {
            return passages == null ? "truncated" : "MaxP, " + passages.describe();
        }
    }

    /**
     * Times every length of {@code lengths} truncated, and (when {@code maxp}) cut into windows of that length with
     * the default stride, over {@code sample}.
     */
    public static List<Row> run(
            String model,
            EncoderOptions options,
            InferenceRuntime.Choice runtime,
            List<String> sample,
            int[] lengths,
            boolean maxp,
            int rounds,
            ProgressListener progress,
            CancellationToken cancel)
            throws IOException {
        if (sample.isEmpty() || rounds < 1) {
            throw new IllegalArgumentException("need a sample of at least one text and one round");
        }
        List<TextEncoder> encoders = new ArrayList<>();
        List<List<String>> inputs = new ArrayList<>();
        List<PassageWindows> windows = new ArrayList<>();
        List<Double> fits = new ArrayList<>();
        try {
            for (int length : lengths) {
                TextEncoder encoder = InferenceRuntime.open(model, options.withMaxSeqLength(length), runtime);
                encoders.add(encoder);
                double fit = TokenLengths.measure(encoder.tokenizer(), sample).shareWithin(length);
                inputs.add(sample);
                windows.add(null);
                fits.add(fit);
                if (maxp) {
                    PassageWindows w = PassageWindows.of(length);
                    List<String> passages = new ArrayList<>();
                    for (String text : sample) {
                        passages.addAll(w.split(encoder.tokenizer(), text));
                    }
                    encoders.add(encoder);
                    inputs.add(passages);
                    windows.add(w);
                    fits.add(fit);
                }
            }
            double[] best = new double[encoders.size()];
            java.util.Arrays.fill(best, Double.MAX_VALUE);
            for (int i = 0; i < encoders.size(); i++) { // warm-up: one batch each
                List<String> in = inputs.get(i);
                encoders.get(i).embed(in.subList(0, Math.min(8, in.size())));
            }
            int total = rounds * encoders.size();
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < encoders.size(); i++) {
                    cancel.check();
                    progress.progress(
                            r * encoders.size() + i,
                            total,
                            "round " + (r + 1) + ", " + lengths[i / (maxp ? 2 : 1)] + " tokens "
                                    + (windows.get(i) == null ? "truncated" : "MaxP"));
                    long t0 = System.nanoTime();
                    encoders.get(i).embed(inputs.get(i), ProgressListener.NONE, cancel);
                    best[i] = Math.min(best[i], (System.nanoTime() - t0) / 1e9);
                }
            }
            progress.progress(total, total, "done");
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < encoders.size(); i++) {
                rows.add(new Row(
                        lengths[i / (maxp ? 2 : 1)],
                        windows.get(i),
                        sample.size(),
                        inputs.get(i).size(),
                        best[i],
                        fits.get(i)));
            }
            return rows;
        } finally {
            for (TextEncoder e : new java.util.LinkedHashSet<>(encoders)) {
                e.close();
            }
        }
    }

    /** {@code n} texts evenly spaced over {@code texts} (every one when n ≥ its size): the sample a bench times. */
    public static List<String> evenSample(List<String> texts, int n) {
        int m = Math.min(n, texts.size());
        List<String> out = new ArrayList<>(m);
        for (int i = 0; i < m; i++) {
            out.add(texts.get((int) ((long) i * texts.size() / m)));
        }
        return out;
    }
}
