package dev.nsw.text;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * A batch of encoded texts padded to a common length T: token ids, attention mask (1 = token, 0 = padding)
 * and token type ids, each of shape [B, T], padding id 0.
 */
public record PaddedBatch(long[][] ids, long[][] mask, long[][] typeIds) {

    public PaddedBatch {
        if (ids.length != mask.length || ids.length != typeIds.length) {
            throw new IllegalArgumentException("ids, mask and typeIds must have the same batch size: " + ids.length
                    + ", " + mask.length + ", " + typeIds.length);
        }
    }

    /** Pads the encodings to the longest one, keeping their order. */
    public static PaddedBatch of(List<Tokenizer.Encoded> encodings) {
        int b = encodings.size();
        if (b == 0) {
            throw new IllegalArgumentException("cannot build an empty batch");
        }
        int t = 0;
        for (Tokenizer.Encoded e : encodings) {
            t = Math.max(t, e.length());
        }
        long[][] ids = new long[b][t];
        long[][] mask = new long[b][t];
        long[][] types = new long[b][t];
        for (int i = 0; i < b; i++) {
            Tokenizer.Encoded e = encodings.get(i);
            System.arraycopy(e.ids(), 0, ids[i], 0, e.length());
            System.arraycopy(e.typeIds(), 0, types[i], 0, e.length());
            java.util.Arrays.fill(mask[i], 0, e.length(), 1L);
        }
        return new PaddedBatch(ids, mask, types);
    }

    /** Batch size B. */
    public int size() {
        return ids.length;
    }

    /** Padded sequence length T. */
    public int seqLength() {
        return ids.length == 0 ? 0 : ids[0].length;
    }

    /** The same batch with other token ids of the same shape (MLM's masked inputs). */
    public PaddedBatch withIds(long[][] newIds) {
        if (newIds.length != ids.length || newIds.length > 0 && newIds[0].length != seqLength()) {
            throw new IllegalArgumentException(
                    "ids of another shape: " + newIds.length + " rows for a batch of " + ids.length);
        }
        return new PaddedBatch(newIds, mask, typeIds);
    }

    /**
     * The BERT inputs as int64 tensors on {@code manager}, in the order the encoder blocks take them:
     * (ids [B, T], attention mask [B, T], token types [B, T]).
     */
    public NDList toNDList(NDManager manager) {
        Shape shape = new Shape(size(), seqLength());
        return new NDList(
                manager.create(flatten(ids), shape),
                manager.create(flatten(mask), shape),
                manager.create(flatten(typeIds), shape));
    }

    /** Row-major copy of a [B, T] matrix, as tensors want it. */
    public static long[] flatten(long[][] m) {
        int t = m.length == 0 ? 0 : m[0].length;
        long[] flat = new long[m.length * t];
        for (int i = 0; i < m.length; i++) {
            System.arraycopy(m[i], 0, flat, i * t, t);
        }
        return flat;
    }
}
