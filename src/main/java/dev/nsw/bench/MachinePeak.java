package dev.nsw.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.nsw.encoder.OnnxModelWriter;
import dev.nsw.encoder.OnnxModelWriter.Attr;
import dev.nsw.encoder.OnnxRuntimeEncoder;
import dev.nsw.encoder.TorchRuntime;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * What this machine can compute per second on a given number of threads: the peak against which the
 * encoder's speed is read as a fraction (its "floor" is FLOPs / peak). No single probe is trusted, because
 * each can fall short (a library's matmul may not be its best kernel; the clock /proc/cpuinfo reports may
 * not be the one the cores run at): the peak is the best of
 * <ul>
 *   <li>{@code pytorch-matmul}: a 1024 × 1024 × 1024 float32 matmul on PyTorch (2·n³ FLOPs), best of 10;</li>
 *   <li>{@code onnxruntime-matmul}: the same product on ONNX Runtime (MatMul, B a constant weight);</li>
 *   <li>{@code nominal}: threads × 2 FMA pipes × fp32 lanes of the widest vector extension in
 *       /proc/cpuinfo's flags (AVX-512: 16, AVX2+FMA: 8) × 2 FLOPs × the clock /proc/cpuinfo reports. It
 *       assumes two full-width FMA pipes per core and one thread per core, true of recent server cores (Zen 5,
 *       Skylake-SP and later) but twice too high where AVX-512 is split in halves (Zen 4).</li>
 * </ul>
 * and, for int8 ({@link #int8Probes}), of an ONNX Runtime integer matmul (DynamicQuantizeLinear → MatMulInteger,
 * fused into DynamicQuantizeMatMul, as the int8 encoder runs it) and a nominal figure of 4 int8
 * multiply-adds per fp32 lane where the CPU has VNNI (2 without).
 */
public final class MachinePeak {
    private static final int N = 1024;
    private static final int REPEATS = 10;

    private MachinePeak() {}

    /** One probe's result: operations per second (FLOP/s, or int8 op/s), or NaN when it could not run. */
    public record Probe(String name, double perSecond) {
        public String describe() {
            return Double.isNaN(perSecond)
                    ? name + " n/a"
                    : String.format(Locale.ROOT, "%s %.1f G/s", name, perSecond / 1e9);
        }
    }

    /** The probes of one kind and their best. */
    public record Peak(List<Probe> probes) {
        /** The highest rate any probe reached. */
        public double best() {
            return probes.stream()
                    .mapToDouble(Probe::perSecond)
                    .filter(d -> !Double.isNaN(d))
                    .max()
                    .orElse(Double.NaN);
        }

        /** Which probe gave {@link #best}. */
        public String bestName() {
            return probes.stream()
                    .filter(p -> !Double.isNaN(p.perSecond()))
                    .max(Comparator.comparingDouble(Probe::perSecond))
                    .map(Probe::name)
                    .orElse("none");
        }

        /** Probe by probe, the better of this reading and {@code other}'s (same probes, another moment). */
        public Peak max(Peak other) {
            List<Probe> out = new ArrayList<>();
            for (Probe p : probes) {
                double best = p.perSecond();
                for (Probe q : other.probes()) {
                    if (q.name().equals(p.name()) && (Double.isNaN(best) || q.perSecond() > best)) {
                        best = q.perSecond();
                    }
                }
                out.add(new Probe(p.name(), best));
            }
            return new Peak(out);
        }

        public String describe() {
            StringBuilder sb = new StringBuilder();
            for (Probe p : probes) {
                sb.append(sb.isEmpty() ? "" : ", ").append(p.describe());
            }
            return sb + String.format(Locale.ROOT, " → peak %.1f G/s (%s)", best() / 1e9, bestName());
        }
    }

    /** The fp32 probes on {@code threads} threads. */
    public static Peak fp32(int threads) {
        List<Probe> p = new ArrayList<>();
        p.add(new Probe("pytorch-matmul", safely(() -> torchMatmul(threads))));
        p.add(new Probe("onnxruntime-matmul", safely(() -> onnxMatmul(threads, false))));
        p.add(new Probe("nominal", Cpu.read().fp32PerSecond(threads)));
        return new Peak(p);
    }

    /** The int8 probes on {@code threads} threads (integer multiply-adds counted as 2 operations). */
    public static Peak int8Probes(int threads) {
        List<Probe> p = new ArrayList<>();
        p.add(new Probe("onnxruntime-matmul-int8", safely(() -> onnxMatmul(threads, true))));
        p.add(new Probe("nominal-int8", Cpu.read().int8PerSecond(threads)));
        return new Peak(p);
    }

    private interface Rate {
        double measure() throws Exception;
    }

    private static double safely(Rate r) {
        try {
            return r.measure();
        } catch (Exception | LinkageError e) {
            return Double.NaN;
        }
    }

    /** PyTorch's float32 matmul rate, 2·n³ / the best of 10 after a warm-up. */
    static double torchMatmul(int threads) {
        TorchRuntime.configure(threads);
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray a;
            NDArray b;
            synchronized (TorchRuntime.RANDOM) {
                a = m.randomNormal(new Shape(N, N));
                b = m.randomNormal(new Shape(N, N));
            }
            a.matMul(b).close();
            double best = Double.MAX_VALUE;
            for (int i = 0; i < REPEATS; i++) {
                long t0 = System.nanoTime();
                NDArray c = a.matMul(b);
                c.toFloatArray(); // force completion
                best = Math.min(best, (System.nanoTime() - t0) / 1e9);
                c.close();
            }
            return 2.0 * N * N * N / best;
        }
    }

    /**
     * ONNX Runtime's rate for x [n, n] × W [n, n] with W a constant, in float32 or (int8) quantized as the int8
     * encoder quantizes a Linear: DynamicQuantizeLinear(x) → MatMulInteger → Cast → Mul by the scales.
     */
    static double onnxMatmul(int threads, boolean int8) throws OrtException {
        OnnxModelWriter w = new OnnxModelWriter(17);
        w.input("x", OnnxModelWriter.FLOAT, N, N);
        Random r = new Random(1);
        if (int8) {
            byte[] q = new byte[N * N];
            for (int i = 0; i < q.length; i++) {
                q[i] = (byte) (r.nextInt(255) - 127);
            }
            float[] scales = new float[N];
            Arrays.fill(scales, 0.01f);
            w.lazyInitializer("w", new long[] {N, N}, OnnxModelWriter.INT8, o -> o.writeRawBytes(q));
            w.initializer("w_scale", new long[] {N}, scales);
            w.node("DynamicQuantizeLinear", "dq", List.of("x"), List.of("xq", "xs", "xz"));
            String mm = w.node("MatMulInteger", "mm", List.of("xq", "w", "xz"));
            String f = w.node("Cast", "cast", List.of(mm), Attr.of("to", OnnxModelWriter.FLOAT));
            String s = w.node("Mul", "scale", List.of("xs", "w_scale"));
            w.node("Mul", "y", List.of(f, s), List.of("y"));
        } else {
            float[] weight = new float[N * N];
            for (int i = 0; i < weight.length; i++) {
                weight[i] = (float) r.nextGaussian();
            }
            w.initializer("w", new long[] {N, N}, weight);
            w.node("MatMul", "mm", List.of("x", "w"), List.of("y"));
        }
        w.output("y", OnnxModelWriter.FLOAT, N, N);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        float[] x = new float[N * N];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        try (OrtSession session = OnnxRuntimeEncoder.createSession(env, w.toBytes("probe", "nsw"), threads);
                OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {N, N})) {
            session.run(Map.of("x", input)).close();
            double best = Double.MAX_VALUE;
            for (int i = 0; i < REPEATS; i++) {
                long t0 = System.nanoTime();
                session.run(Map.of("x", input)).close();
                best = Math.min(best, (System.nanoTime() - t0) / 1e9);
            }
            return 2.0 * N * N * N / best;
        }
    }

    /**
     * The CPU as /proc/cpuinfo describes it: its name, the clock it reports, and the vector extensions of its
     * flags. {@link #UNKNOWN} where there is no /proc/cpuinfo.
     */
    public record Cpu(String model, double mhz, boolean avx512, boolean avx2Fma, boolean vnni) {
        public static final Cpu UNKNOWN = new Cpu("unknown", Double.NaN, false, false, false);

        /** Reads /proc/cpuinfo (the first processor's entry). */
        public static Cpu read() {
            return parse(Path.of("/proc/cpuinfo"));
        }

        static Cpu parse(Path cpuinfo) {
            List<String> lines;
            try {
                lines = Files.readAllLines(cpuinfo);
            } catch (IOException | RuntimeException e) {
                return UNKNOWN;
            }
            String model = "unknown";
            double mhz = Double.NaN;
            String flags = "";
            for (String line : lines) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    if (line.isBlank() && !flags.isEmpty()) {
                        break; // the first processor is enough
                    }
                    continue;
                }
                String key = line.substring(0, colon).strip();
                String value = line.substring(colon + 1).strip();
                switch (key) {
                    case "model name" -> model = value;
                    case "cpu MHz" -> mhz = parseOr(value);
                    case "flags" -> flags = " " + value + " ";
                    default -> {}
                }
            }
            return new Cpu(
                    model,
                    mhz,
                    flags.contains(" avx512f "),
                    flags.contains(" avx2 ") && flags.contains(" fma "),
                    flags.contains(" avx512_vnni ") || flags.contains(" avx_vnni "));
        }

        private static double parseOr(String s) {
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }

        /** fp32 lanes of the widest FMA vector: 16 (AVX-512), 8 (AVX2 + FMA), else 0 (not estimated). */
        public int fp32Lanes() {
            return avx512 ? 16 : avx2Fma ? 8 : 0;
        }

        /** threads × 2 pipes × lanes × 2 FLOPs (a fused multiply-add) × clock; NaN when unknown. */
        public double fp32PerSecond(int threads) {
            if (fp32Lanes() == 0 || Double.isNaN(mhz)) {
                return Double.NaN;
            }
            return threads * 2.0 * fp32Lanes() * 2 * mhz * 1e6;
        }

        /** The same for int8 multiply-adds: 4 per fp32 lane with VNNI (one dot-product instruction), 2 without. */
        public double int8PerSecond(int threads) {
            return fp32PerSecond(threads) * (vnni ? 4 : 2);
        }

        /** One line for a report: name, clock, vector extensions. */
        public String describe() {
            return String.format(
                    Locale.ROOT,
                    "%s, %.0f MHz, %s%s",
                    model,
                    mhz,
                    avx512 ? "AVX-512" : avx2Fma ? "AVX2+FMA" : "no AVX2",
                    vnni ? " VNNI" : "");
        }
    }
}
