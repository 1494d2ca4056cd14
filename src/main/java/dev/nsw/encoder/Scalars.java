package dev.nsw.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Scalar operands for tensor arithmetic that stay valid for autograd: write {@code x.mul(Scalars.like(x, 0.5f))},
 * never {@code x.mul(0.5f)}.
 *
 * <p>Why: DJL's {@code Number} overloads ({@code mul(Number)}, {@code maximum(Number)}, …) wrap the number in
 * a tensor that PyTorch reads from a Java direct buffer ({@code from_blob}) and close that tensor right after
 * the operation. Autograd keeps the scalar for the backward pass (d(x·s)/dx = s), but once the Java object is
 * closed nothing keeps the buffer reachable; a garbage collection between forward and backward frees it and
 * the gradients read freed memory. The result was NaN or infinite gradient norms whenever a collection hit
 * that window: rarely alone, often beside the GUI or another thread. The tensors made here own native memory
 * (PyTorch's {@code full}), which autograd's reference keeps alive whatever happens to the Java handle.
 *
 * <p>ArchitectureTest forbids the {@code Number} overloads everywhere, so the rule has this one home.
 */
public final class Scalars {
    private Scalars() {}

    /**
     * A 0-d tensor holding {@code value}, of {@code like}'s data type, in {@code like}'s manager (closed with
     * it, e.g. the training step's scratch manager). Shape [] broadcasts against any shape.
     */
    public static NDArray like(NDArray like, float value) {
        return like.getManager().full(new Shape(), value, like.getDataType());
    }
}
