package dev.nsw.cli;

import dev.nsw.bench.MachinePeak;
import dev.nsw.encoder.BertConfig;
import dev.nsw.encoder.Encoder;
import dev.nsw.encoder.EncoderFlops;
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
 * arithmetic and the machine's peak allow — the same floor as {@code bench encode}.
 *
 * <p>Forward FLOPs of one sequence of T tokens, F(T), are {@link EncoderFlops#forward} (L · (8·T·H² + 4·T·H·I +
 * 4·T²·H) + 2·H·D). A training step embeds 2B sequences (queries and titles) forward and backward, about 3 ×
 * forward, so the floor is {@code 3 · 2B · F / peak}, with the peak the best of {@link MachinePeak#fp32}'s
 * probes on the training thread count.
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
            double flopsPerSequence = EncoderFlops.of(c).forward(t);
            int threads = model.encoderOptions().effectiveThreads();
            MachinePeak.Peak peak = MachinePeak.fp32(threads);
            double rate = peak.best();
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
            out.printf(Locale.ROOT, "peak (%d threads): %s%n", threads, peak.describe());
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
}
