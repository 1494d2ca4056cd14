package dev.nsw.bench;

import dev.nsw.encoder.Encoder;
import dev.nsw.encoder.EncoderFlops;
import dev.nsw.encoder.EncoderOptions;
import dev.nsw.encoder.InferenceRuntime;
import dev.nsw.encoder.OnnxRuntimeEncoder;
import dev.nsw.encoder.Precision;
import dev.nsw.encoder.PretrainedModel;
import dev.nsw.encoder.TextEncoder;
import dev.nsw.index.Vectors;
import dev.nsw.text.Tokenizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.DoubleSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * {@code nsw bench encode}: texts per second of the encoder on real text, for every combination of sequence
 * length, batch size, thread count and variant (fp32 and int8 on ONNX Runtime, and optionally DJL/PyTorch,
 * the bundled ONNX file, or an int8 ONNX build from elsewhere as an anchor), each read against the floor —
 * the executed FLOPs ({@link EncodeWorkload}) at the machine's peak ({@link MachinePeak}).
 *
 * <p>Noise on a shared machine: for one (length, batch, threads) cell every variant is loaded, then the
 * variants take turns for several rounds, so that load from other processes falls on all of them alike; each
 * variant's best round counts. The peak is probed again before every cell and the best reading of the whole run
 * (per thread count) is the one every row of that thread count is read against: load can only make a probe
 * read low, so the best reading is the closest to the machine's peak. Vectors of every variant are compared
 * with the first variant's (fp32 unless told otherwise): minimum and mean cosine over the texts.
 */
public final class EncodeBenchmark {

    /** What runs the model. */
    public enum Variant {
        /** nsw's graph on ONNX Runtime (what {@code --runtime onnx} runs), fp32. */
        ONNX_FP32("onnx-fp32", false),
        /** The same, int8 ({@code --precision int8}). */
        ONNX_INT8("onnx-int8", true),
        /** The DJL/PyTorch encoder ({@code --runtime torch}). */
        TORCH("torch-fp32", false),
        /** The bundled ONNX file as published (HuggingFace export, CLS pooled outside the graph). */
        BUNDLED("bundled-fp32", false),
        /** An int8 ONNX build from elsewhere (e.g. langchain4j's {@code -q} artifacts), read from a file. */
        ANCHOR("anchor-int8", true);

        private final String label;
        private final boolean int8;

        Variant(String label, boolean int8) {
            this.label = label;
            this.int8 = int8;
        }

        public String label() {
            return label;
        }

        /** Whether its Linear layers run on integer kernels (the floor then uses the int8 peak for them). */
        public boolean int8() {
            return int8;
        }

        /** {@code onnx-fp32}, {@code onnx-int8}, {@code torch-fp32}, {@code bundled-fp32} or {@code anchor-int8}. */
        public static Variant parse(String s) {
            for (Variant v : values()) {
                if (v.label.equalsIgnoreCase(s.trim())) {
                    return v;
                }
            }
            throw new IllegalArgumentException(
                    "unknown variant '" + s + "': onnx-fp32, onnx-int8, torch-fp32, bundled-fp32 or anchor-int8");
        }
    }

    /**
     * What to measure.
     *
     * @param model a bundled model or a model folder
     * @param anchor the anchor's ONNX file, or a jar holding one (and its {@code *tokenizer.json}); null when
     *     {@link Variant#ANCHOR} is not measured
     */
    public record Settings(
            String model,
            List<Variant> variants,
            List<Integer> maxSeqLengths,
            List<Integer> batchSizes,
            List<Integer> threads,
            int rounds,
            Path anchor) {
        public Settings {
            if (variants.isEmpty() || maxSeqLengths.isEmpty() || batchSizes.isEmpty() || threads.isEmpty()) {
                throw new IllegalArgumentException("variants, lengths, batch sizes and threads must not be empty");
            }
            if (rounds < 1) {
                throw new IllegalArgumentException("rounds must be at least 1, got " + rounds);
            }
            if (variants.contains(Variant.ANCHOR) && anchor == null) {
                throw new IllegalArgumentException("the anchor-int8 variant needs --anchor FILE (.onnx or .jar)");
            }
        }
    }

    /**
     * One measured cell of one variant.
     *
     * @param seconds best round's wall time
     * @param floorSeconds the workload at the peak ({@link EncodeWorkload#floorSeconds})
     * @param cosineMin minimum cosine to the first variant's vectors (1 for the first variant)
     * @param cosineMean mean of the same
     * @param loadAverage the 1-minute load average when the cell finished
     */
    public record Row(
            Variant variant,
            int maxSeqLength,
            int batchSize,
            int threads,
            double seconds,
            EncodeWorkload work,
            double floorSeconds,
            double cosineMin,
            double cosineMean,
            double loadAverage) {

        public double textsPerSecond() {
            return work.texts() / seconds;
        }

        /** Executed FLOPs per second. */
        public double flopsPerSecond() {
            return work.executedFlops() / seconds;
        }

        /** floor / measured: 1 would be the machine's peak. */
        public double fractionOfFloor() {
            return floorSeconds / seconds;
        }
    }

    /** Told about the peaks of each thread count (the best of all its probes), then about its rows. */
    public interface Listener {
        void peaks(int threads, MachinePeak.Peak fp32, MachinePeak.Peak int8);

        void row(Row row);

        /** A progress line (rounds). */
        default void progress(String line) {}
    }

    private EncodeBenchmark() {}

    /**
     * Runs every cell of {@code settings} over {@code texts}; rows in measuring order, told to the listener thread
     * count by thread count, after that thread count's cells (their floors need the best peak of all its probes).
     */
    public static List<Row> run(Settings settings, List<String> texts, Listener listener) throws IOException {
        List<Row> rows = new ArrayList<>();
        EncoderFlops flops = flopsOf(settings.model());
        for (int threads : settings.threads()) {
            MachinePeak.Peak fp32Peak = MachinePeak.fp32(threads);
            MachinePeak.Peak int8Peak = MachinePeak.int8Probes(threads);
            List<Row> measured = new ArrayList<>();
            for (int length : settings.maxSeqLengths()) {
                for (int batch : settings.batchSizes()) {
                    EncoderOptions options = EncoderOptions.defaults()
                            .withMaxSeqLength(length)
                            .withBatchSize(batch)
                            .withThreads(threads);
                    Map<Variant, TextEncoder> encoders = new LinkedHashMap<>();
                    try {
                        for (Variant v : settings.variants()) {
                            encoders.put(v, open(v, settings, options));
                        }
                        fp32Peak = fp32Peak.max(MachinePeak.fp32(threads));
                        int8Peak = int8Peak.max(MachinePeak.int8Probes(threads));
                        measured.addAll(cell(encoders, texts, options, flops, settings.rounds(), listener));
                    } finally {
                        encoders.values().forEach(TextEncoder::close);
                    }
                }
            }
            listener.peaks(threads, fp32Peak, int8Peak);
            double fp32 = fp32Peak.best();
            for (Row m : measured) {
                double floor = m.work().floorSeconds(m.variant().int8() ? int8Peak.best() : fp32, fp32);
                Row row = new Row(
                        m.variant(),
                        m.maxSeqLength(),
                        m.batchSize(),
                        m.threads(),
                        m.seconds(),
                        m.work(),
                        floor,
                        m.cosineMin(),
                        m.cosineMean(),
                        m.loadAverage());
                listener.row(row);
                rows.add(row);
            }
        }
        return rows;
    }

    /** The rows of one cell, their floors not yet known (NaN). */
    private static List<Row> cell(
            Map<Variant, TextEncoder> encoders,
            List<String> texts,
            EncoderOptions options,
            EncoderFlops flops,
            int rounds,
            Listener listener) {
        Map<Variant, Double> best = new LinkedHashMap<>();
        Map<Variant, float[][]> vectors = new LinkedHashMap<>();
        List<String> warm = texts.subList(0, Math.min(texts.size(), options.batchSize()));
        encoders.values().forEach(e -> e.embed(warm));
        for (int round = 1; round <= rounds; round++) {
            StringBuilder line = new StringBuilder(String.format(
                    Locale.ROOT,
                    "T %d, batch %d, threads %d, round %d/%d:",
                    options.maxSeqLength(),
                    options.batchSize(),
                    options.threads(),
                    round,
                    rounds));
            for (Map.Entry<Variant, TextEncoder> e : encoders.entrySet()) {
                long t0 = System.nanoTime();
                float[][] v = e.getValue().embed(texts);
                double s = (System.nanoTime() - t0) / 1e9;
                vectors.put(e.getKey(), v);
                best.merge(e.getKey(), s, Math::min);
                line.append(String.format(Locale.ROOT, " %s %.2f s", e.getKey().label(), s));
            }
            listener.progress(line.toString());
        }
        float[][] reference = vectors.values().iterator().next();
        List<Row> rows = new ArrayList<>();
        double load = loadAverage();
        for (Map.Entry<Variant, TextEncoder> e : encoders.entrySet()) {
            Variant v = e.getKey();
            EncodeWorkload work =
                    EncodeWorkload.of(lengths(e.getValue().tokenizer(), texts), options.batchSize(), flops);
            double[] cos = cosines(reference, vectors.get(v));
            rows.add(new Row(
                    v,
                    options.maxSeqLength(),
                    options.batchSize(),
                    options.threads(),
                    best.get(v),
                    work,
                    Double.NaN,
                    cos[0],
                    cos[1],
                    load));
        }
        return rows;
    }

    private static TextEncoder open(Variant v, Settings settings, EncoderOptions options) throws IOException {
        return switch (v) {
            case ONNX_FP32 -> InferenceRuntime.open(settings.model(), options, InferenceRuntime.Choice.ONNX);
            case ONNX_INT8 ->
                InferenceRuntime.open(
                        settings.model(), options.withPrecision(Precision.INT8), InferenceRuntime.Choice.ONNX);
            case TORCH -> Encoder.open(settings.model(), options);
            case BUNDLED -> {
                PretrainedModel bundled = PretrainedModel.byName(settings.model())
                        .orElseThrow(() -> new IllegalArgumentException(
                                "bundled-fp32 needs a bundled model, not " + settings.model()));
                try {
                    yield OnnxRuntimeEncoder.pretrained(
                            bundled, options.maxSeqLength(), options.batchSize(), options.threads());
                } catch (ai.onnxruntime.OrtException e) {
                    throw new IOException(e.getMessage(), e);
                }
            }
            case ANCHOR -> anchor(settings.anchor(), options);
        };
    }

    /**
     * An ONNX build from elsewhere: a {@code .onnx} file (with the model's own tokenizer), or a jar holding one
     * and a {@code *tokenizer.json}, as langchain4j publishes them. CLS of its last hidden state, L2-normalised.
     */
    static TextEncoder anchor(Path file, EncoderOptions options) throws IOException {
        byte[] onnx;
        byte[] tokenizer = null;
        if (file.getFileName().toString().endsWith(".jar")) {
            try (ZipFile zip = new ZipFile(file.toFile())) {
                onnx = read(zip, ".onnx", file);
                tokenizer = read(zip, "tokenizer.json", file);
            }
        } else {
            onnx = Files.readAllBytes(file);
            Path beside = file.resolveSibling("tokenizer.json");
            if (Files.isRegularFile(beside)) {
                tokenizer = Files.readAllBytes(beside);
            }
        }
        if (tokenizer == null) {
            throw new IOException(file + ": no tokenizer.json beside it");
        }
        Tokenizer tok = Tokenizer.fromStream(new ByteArrayInputStream(tokenizer), options.maxSeqLength());
        try {
            return new OnnxRuntimeEncoder(onnx, tok, options.batchSize(), options.threads());
        } catch (ai.onnxruntime.OrtException | RuntimeException e) {
            tok.close();
            throw new IOException(file + ": ONNX Runtime cannot load it: " + e.getMessage(), e);
        }
    }

    private static byte[] read(ZipFile zip, String suffix, Path file) throws IOException {
        for (ZipEntry e : Collections.list(zip.entries())) {
            if (e.getName().endsWith(suffix)) {
                try (InputStream in = zip.getInputStream(e)) {
                    return in.readAllBytes();
                }
            }
        }
        throw new IOException(file + " holds no *" + suffix);
    }

    /**
     * The padding of one (length, batch size) cell without running the model: the encoders' length-sorted
     * batches ({@code sorted}), and batches cut in input order for comparison ({@code unsorted}).
     */
    public record Padding(int maxSeqLength, int batchSize, EncodeWorkload sorted, EncodeWorkload unsorted) {}

    /** {@link Padding} of {@code texts} for every length and batch size (tokenizer and FLOP counts only). */
    public static List<Padding> padding(
            String model, List<String> texts, List<Integer> lengths, List<Integer> batchSizes) throws IOException {
        List<Padding> out = new ArrayList<>();
        try (Encoder encoder = Encoder.open(model, EncoderOptions.defaults().withThreads(1))) {
            EncoderFlops flops = EncoderFlops.of(encoder.config());
            for (int length : lengths) {
                try (Tokenizer tokenizer = encoder.tokenizer().withMaxSeqLength(length)) {
                    int[] l = lengths(tokenizer, texts);
                    for (int batch : batchSizes) {
                        out.add(new Padding(
                                length, batch, EncodeWorkload.of(l, batch, flops), inInputOrder(l, batch, flops)));
                    }
                }
            }
        }
        return out;
    }

    /** The workload of batches cut in input order (no sorting by length): what sorting saves. */
    static EncodeWorkload inInputOrder(int[] lengths, int batchSize, EncoderFlops flops) {
        List<int[]> shapes = new ArrayList<>();
        for (int start = 0; start < lengths.length; start += batchSize) {
            int end = Math.min(lengths.length, start + batchSize);
            shapes.add(new int[] {
                end - start, Arrays.stream(lengths, start, end).max().orElse(0)
            });
        }
        return EncodeWorkload.of(lengths, shapes, flops);
    }

    /** The model's FLOP counts, from its configuration (DJL reads it; the weights are not kept). */
    private static EncoderFlops flopsOf(String model) throws IOException {
        try (Encoder e = Encoder.open(model, EncoderOptions.defaults())) {
            return EncoderFlops.of(e.config());
        }
    }

    /** Token counts of the texts as the encoder's tokenizer truncates them. */
    static int[] lengths(Tokenizer tokenizer, List<String> texts) {
        return tokenizer.encodeAll(texts).stream()
                .mapToInt(Tokenizer.Encoded::length)
                .toArray();
    }

    /** {min, mean} of the row cosines of two sets of unit vectors. */
    static double[] cosines(float[][] a, float[][] b) {
        DoubleSummaryStatistics s = Arrays.stream(Vectors.rowCosines(a, b)).summaryStatistics();
        return new double[] {s.getMin(), s.getAverage()};
    }

    /** The 1-minute load average (the machine is shared: every timing is reported with it). */
    public static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
