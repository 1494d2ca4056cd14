package dev.nsw.encoder;

import ai.djl.pytorch.jni.JniUtils;

/**
 * A scope in which PyTorch records no autograd graph, restoring the previous mode on close — like
 * {@code torch.no_grad()} or DJL's {@code PtGradientCollector}, which toggles the same flag.
 *
 * <pre>{@code
 * try (NoGrad ignored = NoGrad.enter()) {
 *     ... forward passes whose results are only read ...
 * }
 * }</pre>
 *
 * <p>PyTorch's grad mode is per thread, so a scope affects only the thread that opened it. This class and
 * {@link TorchRuntime} are the only places that call DJL's PyTorch-specific {@code JniUtils}: DJL's
 * engine-neutral API has no switch for grad mode outside a {@code GradientCollector}, and our own training
 * loop needs inference-only passes in the middle of a step (gradient cache, optimizer update).
 */
public final class NoGrad implements AutoCloseable {
    private final boolean previous;

    private NoGrad(boolean previous) {
        this.previous = previous;
    }

    /** Turns autograd off for this thread until {@link #close()}. */
    public static NoGrad enter() {
        NoGrad scope = new NoGrad(JniUtils.isGradMode());
        JniUtils.setGradMode(false);
        return scope;
    }

    /** Restores the grad mode that was in force when this scope was entered. */
    @Override
    public void close() {
        JniUtils.setGradMode(previous);
    }
}
