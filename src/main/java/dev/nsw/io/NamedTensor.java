package dev.nsw.io;

import java.util.Arrays;
import java.util.Objects;

/** A float32 tensor with a name and a row-major shape, as read from or written to a weights file. */
public record NamedTensor(String name, long[] shape, float[] data) {

    public NamedTensor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(data, "data");
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("tensor '" + name + "' has shape " + Arrays.toString(shape) + " (" + n
                    + " values) but " + data.length + " values");
        }
    }

    /** The transpose of a 2-d tensor: [r, c] → [c, r]. */
    public NamedTensor transpose2d(String newName) {
        if (shape.length != 2) {
            throw new IllegalArgumentException("tensor '" + name + "' is not 2-d: " + Arrays.toString(shape));
        }
        int r = (int) shape[0];
        int c = (int) shape[1];
        float[] t = new float[data.length];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                t[j * r + i] = data[i * c + j];
            }
        }
        return new NamedTensor(newName, new long[] {c, r}, t);
    }

    /** The same data under another name. */
    public NamedTensor rename(String newName) {
        return new NamedTensor(newName, shape, data);
    }
}
