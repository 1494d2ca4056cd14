package dev.nsw.encoder;

import java.util.Locale;

/**
 * The number format inference runs in. {@link #FP32} is the model as trained; {@link #INT8} is dynamic int8
 * quantization of the encoder's linear layers (weights int8 per output channel, activations quantized per
 * batch; see {@link OnnxExport}), run by ONNX Runtime's integer kernels. Training is always fp32, and so is
 * the DJL/PyTorch runtime.
 *
 * <p>int8 vectors are close to fp32 ones but not the same, so the precision is part of the model id
 * ({@link #qualify}): an index or an embedding cache made at one precision is never read at the other.
 */
public enum Precision {
    FP32("fp32"),
    INT8("int8");

    private final String label;

    Precision(String label) {
        this.label = label;
    }

    /** {@code fp32} or {@code int8}, as users type it and files record it. */
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }

    /** {@code fp32} or {@code int8} (case-insensitive). */
    public static Precision parse(String s) {
        for (Precision p : values()) {
            if (p.label.equals(s.trim().toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException("precision must be fp32 or int8, got '" + s + "'");
    }

    /**
     * The id of the model at this precision: the fp32 id itself, or {@code <fp32 id>/int8}. The one rule for
     * the suffix; every id nsw records (indexes, embedding caches, exports, the ONNX cache) goes through it.
     */
    public String qualify(String fp32ModelId) {
        return this == FP32 ? fp32ModelId : fp32ModelId + "/" + label;
    }
}
