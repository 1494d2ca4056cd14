package dev.nsw.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.nsw.encoder.Scalars;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Adam with decoupled weight decay (Loshchilov &amp; Hutter), written out so that its state can be saved in
 * a checkpoint and a resumed run continues bit for bit. For each parameter p with gradient g at update t:
 * <pre>
 *   p ← p − lr · wd · p                     (only where decay applies: not biases, not LayerNorm)
 *   m ← β1 · m + (1 − β1) · g
 *   v ← β2 · v + (1 − β2) · g²
 *   p ← p − lr · (m / (1 − β1ᵗ)) / (sqrt(v / (1 − β2ᵗ)) + ε)
 * </pre>
 * DJL's own Adam keeps its moments private, which is why this is not {@code Optimizer.adamW()}.
 */
public final class AdamW implements AutoCloseable {
    public static final float BETA1 = 0.9f;
    public static final float BETA2 = 0.999f;
    public static final float EPSILON = 1e-8f;

    private final NDManager manager;
    private final float weightDecay;
    private final Predicate<String> decays;
    private final Map<String, NDArray> firstMoment = new LinkedHashMap<>();
    private final Map<String, NDArray> secondMoment = new LinkedHashMap<>();
    private long updates;

    /**
     * @param parent the optimizer opens its own sub-manager of it for the moment arrays, and closes that
     *     sub-manager (freeing the moments) when the optimizer is closed
     * @param decays which parameter names get weight decay (the recipe excludes biases and norms)
     */
    public AdamW(NDManager parent, float weightDecay, Predicate<String> decays) {
        if (!(weightDecay >= 0)) {
            throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
        }
        this.manager = parent.newSubManager();
        this.weightDecay = weightDecay;
        this.decays = decays;
    }

    /** The recipe's rule: every parameter decays except biases and LayerNorm weights. */
    public static boolean decaysByDefault(String parameterName) {
        String n = parameterName.toLowerCase(Locale.ROOT);
        return !(n.contains("bias") || n.contains("norm") || n.contains("gamma") || n.contains("beta"));
    }

    /** Applies one update to each (name → weight) with its gradient; gradients are left untouched. */
    public void step(Map<String, NDArray> weights, Map<String, NDArray> gradients, double learningRate) {
        updates++;
        float lr = (float) learningRate;
        float correction1 = 1f - (float) Math.pow(BETA1, updates);
        float correction2 = 1f - (float) Math.pow(BETA2, updates);
        for (var e : weights.entrySet()) {
            String name = e.getKey();
            NDArray p = e.getValue();
            NDArray g = gradients.get(name);
            if (g == null) {
                continue;
            }
            NDArray m = firstMoment.computeIfAbsent(name, k -> ownedByOptimizer(p.zerosLike()));
            NDArray v = secondMoment.computeIfAbsent(name, k -> ownedByOptimizer(p.zerosLike()));
            // Temporaries are closed with the scope; m, v and p are updated in place and survive it.
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray grad = g;
                m.muli(Scalars.like(m, BETA1)).addi(grad.mul(Scalars.like(grad, 1f - BETA1)));
                v.muli(Scalars.like(v, BETA2)).addi(grad.square().mul(Scalars.like(grad, 1f - BETA2)));
                if (weightDecay > 0 && decays.test(name)) {
                    p.subi(p.mul(Scalars.like(p, lr * weightDecay)));
                }
                NDArray denominator = v.div(Scalars.like(v, correction2)).sqrt().add(Scalars.like(v, EPSILON));
                p.subi(m.div(Scalars.like(m, correction1)).div(denominator).mul(Scalars.like(m, lr)));
            }
        }
    }

    /** Moves {@code array} to the optimizer's manager, so it outlives the step's scope and dies with the optimizer. */
    private NDArray ownedByOptimizer(NDArray array) {
        array.attach(manager);
        return array;
    }

    /** Number of updates applied so far (t in the formulas). */
    public long updates() {
        return updates;
    }

    /** Moment arrays by name, for checkpoints: {@code m/<name>} and {@code v/<name>}. */
    public Map<String, NDArray> state() {
        Map<String, NDArray> s = new LinkedHashMap<>();
        firstMoment.forEach((k, v) -> s.put("m/" + k, v));
        secondMoment.forEach((k, v) -> s.put("v/" + k, v));
        return s;
    }

    /** Restores {@link #state()} and the update count from a checkpoint. */
    public void restore(Map<String, NDArray> state, long updateCount) {
        firstMoment.clear();
        secondMoment.clear();
        state.forEach((k, v) -> {
            NDArray copy = ownedByOptimizer(v.duplicate());
            if (k.startsWith("m/")) {
                firstMoment.put(k.substring(2), copy);
            } else if (k.startsWith("v/")) {
                secondMoment.put(k.substring(2), copy);
            } else {
                throw new IllegalArgumentException("unknown optimizer state entry '" + k + "'");
            }
        });
        this.updates = updateCount;
    }

    @Override
    public void close() {
        firstMoment.clear();
        secondMoment.clear();
        manager.close(); // frees every moment array
    }
}
