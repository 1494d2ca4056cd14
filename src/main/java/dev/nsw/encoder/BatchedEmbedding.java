package dev.nsw.encoder;

import dev.nsw.job.CancellationToken;
import dev.nsw.job.ProgressListener;
import dev.nsw.text.LengthBatching;
import dev.nsw.text.PaddedBatch;
import dev.nsw.text.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The embedding loop both runtimes share: tokenise a window of texts, group them into batches of similar
 * length, run each padded batch [B, T] through {@code forward} → [B, D], and put every row back at its
 * text's position. Windows keep the token ids of a huge input from all sitting in memory at once.
 */
final class BatchedEmbedding {
    private BatchedEmbedding() {}

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
        int done = 0;
        for (int start = 0; start < n; start += window) {
            int end = Math.min(n, start + window);
            List<Tokenizer.Encoded> encoded = tokenizer.encodeAll(texts.subList(start, end));
            int[] lengths = encoded.stream().mapToInt(Tokenizer.Encoded::length).toArray();
            for (int[] batch : LengthBatching.byLength(lengths, batchSize)) {
                cancel.check();
                List<Tokenizer.Encoded> rows = new ArrayList<>(batch.length);
                for (int i : batch) {
                    rows.add(encoded.get(i));
                }
                float[][] e = forward.apply(PaddedBatch.of(rows));
                for (int j = 0; j < batch.length; j++) {
                    out[start + batch[j]] = e[j];
                }
                done += batch.length;
                progress.progress(done, n, "embedding");
            }
        }
        return out;
    }
}
