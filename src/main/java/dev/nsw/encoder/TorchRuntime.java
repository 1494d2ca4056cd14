package dev.nsw.encoder;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * Process-wide PyTorch (CPU) settings for a small shared machine: passive OpenMP waiting, one inter-op
 * thread, a fixed number of intra-op threads.
 *
 * <p>By default libgomp threads spin after each parallel region; when another process uses a core, two
 * spinning threads on two cores slow a forward pass down several times (measured: 48 → 121
 * sentences/s). {@code OMP_WAIT_POLICY=PASSIVE} avoids that, but libgomp reads it once, when PyTorch's
 * native library is loaded; so {@link #configure(int)} sets it in the process environment (unless the
 * user set it) before touching the engine. Call it before anything else loads the PyTorch engine (e.g.
 * at start-up); {@link Encoder} calls it too. Needs {@code --enable-native-access=ALL-UNNAMED} to run
 * without a warning.
 */
public final class TorchRuntime {
    private static boolean loaded;

    /**
     * Guards PyTorch's one process-wide random generator. A training step seeds it and then draws its
     * dropout masks (and MLM masks) from it; any other thread drawing in between — a model being opened
     * for another panel initialises its layers randomly before its weights are copied in — shifts those
     * masks, so two identical runs stop being identical (seen in the GUI: the same losses up to step 14,
     * then not). Hold this lock from seeding to the last draw, and around any other random draw (opening a
     * model draws its initial values). The GUI's NaN gradient norms were a different bug, freed scalar
     * memory read by the backward pass; see {@link Scalars}.
     */
    public static final Object RANDOM = new Object();

    private TorchRuntime() {}

    /**
     * Sets passive OpenMP waiting (if the engine is not loaded yet and the variable is unset), loads the
     * PyTorch engine and sets its intra-op thread count.
     *
     * @param threads intra-op threads, at least 1
     */
    public static synchronized void configure(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (!loaded) {
            if (System.getenv("OMP_WAIT_POLICY") == null) {
                setenv("OMP_WAIT_POLICY", "PASSIVE");
            }
            if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
                System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
            }
            if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
                System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
            }
            Engine.getEngine("PyTorch");
            loaded = true;
        }
        if (JniUtils.getNumThreads() != threads) {
            JniUtils.setNumThreads(threads);
        }
    }

    /** Calls libc {@code setenv(name, value, 0)}; does nothing where that is not possible. */
    @SuppressWarnings("restricted")
    private static void setenv(String name, String value) {
        try {
            Linker linker = Linker.nativeLinker();
            Optional<MemorySegment> fn = linker.defaultLookup().find("setenv");
            if (fn.isEmpty()) {
                return;
            }
            MethodHandle setenv = linker.downcallHandle(
                    fn.get(),
                    FunctionDescriptor.of(
                            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
            try (Arena arena = Arena.ofConfined()) {
                int rc = (int) setenv.invokeExact(arena.allocateFrom(name), arena.allocateFrom(value), 0);
                assert rc == 0;
            }
        } catch (IllegalCallerException | UnsupportedOperationException | IllegalArgumentException e) {
            // Native access not enabled, or no such symbol on this platform. Not fatal: PyTorch then runs with
            // libgomp's default (spinning) waits, which is only slower on a busy machine.
        } catch (Throwable e) {
            throw new IllegalStateException("setenv(" + name + ") failed: " + e, e);
        }
    }
}
