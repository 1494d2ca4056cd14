package dev.nsw.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.nsw.encoder.BertConfig;
import dev.nsw.encoder.Encoder;
import dev.nsw.job.CancellationToken;
import dev.nsw.train.ContrastiveObjective;
import dev.nsw.train.RunRecord;
import dev.nsw.train.Trainer;
import dev.nsw.train.TrainingConfig;
import dev.nsw.train.TrainingListener;
import dev.nsw.train.TrainingPair;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nsw bench train}: the cost of one in-batch training step, against the floor that the model's
 * arithmetic and the machine's measured matrix-multiply rate allow.
 *
 * <p>Forward FLOPs of one sequence of T tokens through L layers of width H and feed-forward width I:
 * <pre>
 *   F = L · (8·T·H² + 4·T·H·I + 4·T²·H)      (Q, K, V, output projections; the two FFN matrices; QKᵀ and AV)
 * </pre>
 * plus the projection (2·H·D). A training step embeds 2B sequences (queries and titles) forward and
 * backward, about 3 × forward, so the floor is {@code 3 · 2B · F / rate}, with the rate measured by a
 * large square matmul on the same engine and threads.
 */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = {
            "Seconds per in-batch step and examples/s at given batch sizes (texts truncated to max_seq_length),",
            "beside the floor from the model's FLOPs and the measured matmul rate."
        })
public final class BenchTrainCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Option(names = "--batch_sizes", defaultValue = "32,64", split = ",", description = "Batch sizes.")
    List<Integer> batchSizes;

    @Option(names = "--steps", defaultValue = "4", description = "Timed steps per batch size, after one warm-up step.")
    int steps;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (model.outputEmbSize < 0) {
            model.outputEmbSize = 256;
        }
        Path tmp = Files.createTempDirectory("nsw-bench-train");
        try (Encoder encoder = model.open()) {
            BertConfig c = encoder.config();
            int t = model.effectiveMaxSeqLength();
            double flopsPerSequence = (double) c.numHiddenLayers()
                            * (8.0 * t * c.hiddenSize() * c.hiddenSize()
                                    + 4.0 * t * c.hiddenSize() * c.intermediateSize()
                                    + 4.0 * t * t * c.hiddenSize())
                    + 2.0 * c.hiddenSize() * Math.max(0, c.outputEmbSize());
            double rate = matmulRate(encoder.manager());
            out.printf(
                    Locale.ROOT,
                    "model %s: %d layers, hidden %d, FFN %d, projection %d; seq %d; threads %d%n",
                    encoder.name(),
                    c.numHiddenLayers(),
                    c.hiddenSize(),
                    c.intermediateSize(),
                    c.outputEmbSize(),
                    t,
                    model.encoderOptions().effectiveThreads());
            out.printf(Locale.ROOT, "measured matmul rate: %.1f GFLOP/s (1024×1024 float32, best of 5)%n", rate / 1e9);
            out.printf(
                    Locale.ROOT,
                    "%6s  %10s  %10s  %12s  %10s  %8s%n",
                    "batch",
                    "s/step",
                    "pairs/s",
                    "GFLOP/step",
                    "floor s",
                    "floor÷s");
            for (int b : batchSizes) {
                List<Double> times = timeSteps(encoder, b, tmp.resolve("b" + b));
                double mean = times.stream()
                        .mapToDouble(Double::doubleValue)
                        .average()
                        .orElse(Double.NaN);
                double flops = 3.0 * 2 * b * flopsPerSequence;
                double floor = flops / rate;
                out.printf(
                        Locale.ROOT,
                        "%6d  %10.2f  %10.1f  %12.1f  %10.2f  %8.2f%n",
                        b,
                        mean,
                        b / mean,
                        flops / 1e9,
                        floor,
                        floor / mean);
                out.flush();
            }
            out.println("(machine: " + Runtime.getRuntime().availableProcessors() + " processors, "
                    + System.getProperty("os.name") + " " + System.getProperty("os.arch") + "; load average "
                    + String.format(
                            Locale.ROOT,
                            "%.2f",
                            java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                                    .getSystemLoadAverage())
                    + ")");
        } finally {
            dev.nsw.io.AtomicFiles.deleteTree(tmp);
        }
        return 0;
    }

    private List<Double> timeSteps(Encoder encoder, int batch, Path dir) {
        List<TrainingPair> pairs = longPairs(batch * (steps + 1), 11);
        TrainingConfig config = TrainingConfig.inBatchDefaults()
                .withBatchSize(batch)
                .withEpochs(1)
                .withMaxSteps(steps + 1);
        List<Double> times = new ArrayList<>();
        long[] last = {System.nanoTime()};
        TrainingListener timer = new TrainingListener() {
            @Override
            public void onStep(StepEvent s) {
                long now = System.nanoTime();
                if (s.step() > 1) { // the first step pays for allocation and warm-up
                    times.add((now - last[0]) / 1e9);
                }
                last[0] = now;
            }
        };
        new Trainer<>(
                        new ContrastiveObjective("bench", encoder, config),
                        config,
                        dir,
                        timer,
                        CancellationToken.NEVER,
                        null,
                        new RunRecord())
                .train(pairs, false);
        return times;
    }

    /** Pairs of generated Chinese texts long enough to fill max_seq_length tokens. */
    static List<TrainingPair> longPairs(int n, long seed) {
        List<String> words = BenchEncodeCommand.generate(2000, seed);
        Random r = new Random(seed);
        List<TrainingPair> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new TrainingPair(longText(words, r), longText(words, r)));
        }
        return out;
    }

    private static String longText(List<String> words, Random r) {
        StringBuilder sb = new StringBuilder();
        while (sb.length() < 200) {
            sb.append(words.get(r.nextInt(words.size())));
        }
        return sb.toString();
    }

    /** FLOP/s of a 1024×1024 float32 matmul (2·n³ FLOPs), best of 5 after a warm-up. */
    static double matmulRate(NDManager parent) {
        int n = 1024;
        try (NDManager m = parent.newSubManager()) {
            NDArray a;
            NDArray b;
            synchronized (dev.nsw.encoder.TorchRuntime.RANDOM) {
                a = m.randomNormal(new Shape(n, n));
                b = m.randomNormal(new Shape(n, n));
            }
            a.matMul(b).close();
            double best = Double.MAX_VALUE;
            for (int i = 0; i < 5; i++) {
                long t0 = System.nanoTime();
                NDArray c = a.matMul(b);
                c.toFloatArray(); // force completion
                best = Math.min(best, (System.nanoTime() - t0) / 1e9);
                c.close();
            }
            return 2.0 * n * n * n / best;
        }
    }
}
