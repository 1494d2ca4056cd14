package dev.nsw.encoder;

import dev.nsw.job.CancellationToken;
import dev.nsw.job.ProgressListener;
import dev.nsw.text.LengthBatching;
import dev.nsw.text.PaddedBatch;
import dev.nsw.text.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The batched inference loop of both embedding runtimes and the cross-encoder: group token rows into batches
 * of similar length, check for cancellation before each batch, run each padded batch [B, T] through
 * {@code forward} → [B, D], put every row back at its input's position and report progress after it. For
 * texts, windows keep the token ids of a huge input from all sitting in memory at once.
 */
public final class BatchedInference {
    private BatchedInference() {}

    /**
     * Row i is the embedding of {@code texts.get(i)}; {@code cancel} is checked before each batch and
     * {@code progress} told after it.
     *
     * @throws dev.nsw.job.CancelledException when {@code cancel} was cancelled
     */
    static float[][] embed(
            List<String> texts,
            Tokenizer tokenizer,
            int batchSize,
            int window,
            Function<PaddedBatch, float[][]> forward,
            ProgressListener progress,
            CancellationToken cancel) {
        int n = texts.size();
        float[][] out = new float[n][];
        for (int start = 0; start < n; start += window) {
            int from = start;
            int end = Math.min(n, start + window);
            float[][] part = run(
                    tokenizer.encodeAll(texts.subList(start, end)),
                    batchSize,
                    forward,
                    (done, total, message) -> progress.progress(from + done, n, "embedding"),
                    cancel);
            System.arraycopy(part, 0, out, start, part.length);
        }
        return out;
    }

    /**
     * The shapes [B, T] of the batches {@link #embed} runs for texts of these token lengths (in input order), at
     * this batch size and the encoders' sort window: what a benchmark needs to count the work done, padding
     * included.
     */
    public static List<int[]> batchShapes(int[] lengths, int batchSize) {
        List<int[]> shapes = new ArrayList<>();
        for (int start = 0; start < lengths.length; start += Encoder.SORT_WINDOW) {
            int[] window = Arrays.copyOfRange(lengths, start, Math.min(lengths.length, start + Encoder.SORT_WINDOW));
            for (int[] batch : LengthBatching.byLength(window, batchSize)) {
                int t = 0;
                for (int i : batch) {
                    t = Math.max(t, window[i]);
                }
                shapes.add(new int[] {batch.length, t});
            }
        }
        return shapes;
    }

    /**
     * Runs already tokenised rows through {@code forward} in batches of similar length: row i of the result
     * belongs to {@code rows.get(i)}. {@code cancel} is checked before each batch; {@code progress} is told
     * (rows done, rows in all, "") after it.
     *
     * @throws dev.nsw.job.CancelledException when {@code cancel} was cancelled
     */
    public static float[][] run(
            List<Tokenizer.Encoded> rows,
            int batchSize,
            Function<PaddedBatch, float[][]> forward,
            ProgressListener progress,
            CancellationToken cancel) {
        int n = rows.size();
        float[][] out = new float[n][];
        int[] lengths = rows.stream().mapToInt(Tokenizer.Encoded::length).toArray();
        int done = 0;
        for (int[] batch : LengthBatching.byLength(lengths, batchSize)) {
            cancel.check();
            List<Tokenizer.Encoded> picked = new ArrayList<>(batch.length);
            for (int i : batch) {
                picked.add(rows.get(i));
            }
            float[][] e = forward.apply(PaddedBatch.of(picked));
            for (int j = 0; j < batch.length; j++) {
                out[batch[j]] = e[j];
            }
            done += batch.length;
            progress.progress(done, n, "");
        }
        return out;
    }

    /**
     * Scores of (query, title) pairs, element i for {@code titles[i]} under {@code queries[i]}: each pair
     * tokenised as one input ({@link Tokenizer#encodePair}), then {@link #run} with {@code forward} giving a
     * batch's scores [B]. The reranker loop of both runtimes; progress says "scoring pairs".
     */
    public static float[] scorePairs(
            Tokenizer tokenizer,
            List<String> queries,
            List<String> titles,
            int batchSize,
            Function<PaddedBatch, float[]> forward,
            ProgressListener progress,
            CancellationToken cancel) {
        if (queries.size() != titles.size()) {
            throw new IllegalArgumentException(
                    "queries and titles differ in number: " + queries.size() + " != " + titles.size());
        }
        int n = queries.size();
        List<Tokenizer.Encoded> encoded = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            encoded.add(tokenizer.encodePair(queries.get(i), titles.get(i)));
        }
        float[][] rows = run(
                encoded,
                batchSize,
                batch -> {
                    float[] p = forward.apply(batch);
                    float[][] column = new float[p.length][];
                    for (int j = 0; j < p.length; j++) {
                        column[j] = new float[] {p[j]};
                    }
                    return column;
                },
                (done, total, message) -> progress.progress(done, total, "scoring pairs"),
                cancel);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = rows[i][0];
        }
        return out;
    }
}
