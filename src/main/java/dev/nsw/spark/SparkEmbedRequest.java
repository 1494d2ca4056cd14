package dev.nsw.spark;

import dev.nsw.encoder.EncoderOptions;
import dev.nsw.encoder.InferenceRuntime;
import dev.nsw.encoder.Precision;
import dev.nsw.retrieval.ShardedEmbeddings;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one distributed embedding job does, as the driver's command line carries it ({@link #toArgs},
 * {@link #fromArgs}): the input texts, the output folder, the model and the encoder settings that decide the bits
 * (the same as {@code nsw embed}'s), rows per shard, and the inference threads of each task. Serializable: the
 * executors receive it with their task.
 *
 * @param master Spark master URL, or null to take it from {@code spark-submit}
 * @param inputKind what {@code input} is: {@code lines} (one text a line, as {@code nsw embed --input} reads),
 *     {@code corpus} (a recipe corpus file: its documents, duplicates dropped, the order and fingerprint
 *     recall and push bind to) or {@code beir} (a BEIR folder's corpus)
 * @param precision {@code fp32} or {@code int8} ({@link Precision}), as {@code nsw embed --precision}: part of the
 *     encoder's identity, so a folder's plan, its shards and the executors that embed them are of one precision
 * @param taskThreads inference threads per task (one task per executor core)
 */
public record SparkEmbedRequest(
        String master,
        String inputKind,
        String input,
        String output,
        String model,
        int maxSeqLength,
        int encodeBatchSize,
        int outputEmbSize,
        String runtime,
        String precision,
        int shardRows,
        int taskThreads)
        implements Serializable {

    public SparkEmbedRequest {
        if (input == null || output == null || model == null) {
            throw new IllegalArgumentException("need --input, --output and --model");
        }
        if (!INPUT_KINDS.contains(inputKind)) {
            throw new IllegalArgumentException(
                    "input kind must be one of " + INPUT_KINDS + ", got '" + inputKind + "'");
        }
        if (shardRows < 1 || shardRows % dev.nsw.retrieval.EmbeddingFile.CHUNK != 0) {
            throw new IllegalArgumentException(
                    "--shard_rows must be a positive multiple of " + dev.nsw.retrieval.EmbeddingFile.CHUNK
                            + " (the chunk nsw embed batches within), got " + shardRows);
        }
        if (taskThreads < 1) {
            throw new IllegalArgumentException("threads per task must be >= 1, got " + taskThreads);
        }
        InferenceRuntime.Choice.parse(runtime);
        precision = Precision.parse(precision).label(); // one spelling, so one executor model per precision
    }

    /** Texts one a line, a recipe corpus, a BEIR folder. */
    public static final List<String> INPUT_KINDS = List.of("lines", "corpus", "beir");

    /**
     * The defaults of {@code nsw embed} for everything but the paths and model (its {@link EncoderOptions#defaults()}:
     * a {@code spark-submit} line that leaves out the batch size gets the bits {@code nsw embed} gives).
     */
    public static SparkEmbedRequest of(String master, String input, String output, String model) {
        EncoderOptions d = EncoderOptions.defaults();
        return new SparkEmbedRequest(
                master,
                "lines",
                input,
                output,
                model,
                d.maxSeqLength(),
                d.batchSize(),
                d.outputEmbSize(),
                "auto",
                d.precision().label(),
                ShardedEmbeddings.DEFAULT_SHARD_ROWS,
                1);
    }

    /** The encoder options a task opens its model with: {@code nsw embed}'s, on {@code threads} threads. */
    public EncoderOptions encoderOptions(int threads) {
        return EncoderOptions.defaults()
                .withMaxSeqLength(maxSeqLength)
                .withBatchSize(encodeBatchSize)
                .withOutputEmbSize(outputEmbSize)
                .withPrecision(Precision.parse(precision))
                .withThreads(threads);
    }

    public InferenceRuntime.Choice runtimeChoice() {
        return InferenceRuntime.Choice.parse(runtime);
    }

    /** The driver's command-line arguments. */
    public List<String> toArgs() {
        List<String> a = new ArrayList<>();
        if (master != null) {
            a.addAll(List.of("--master", master));
        }
        a.addAll(List.of(
                "--input_kind",
                inputKind,
                "--input",
                input,
                "--output",
                output,
                "--model",
                model,
                "--max_seq_length",
                Integer.toString(maxSeqLength),
                "--encode_batch_size",
                Integer.toString(encodeBatchSize),
                "--output_emb_size",
                Integer.toString(outputEmbSize),
                "--runtime",
                runtime,
                "--precision",
                precision,
                "--shard_rows",
                Integer.toString(shardRows),
                "--task_threads",
                Integer.toString(taskThreads)));
        return a;
    }

    /** Parses {@link #toArgs}'s form (also what a {@code spark-submit} line passes): {@code --name value} pairs. */
    public static SparkEmbedRequest fromArgs(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'");
            }
            m.put(args[i].substring(2), args[i + 1]);
        }
        SparkEmbedRequest d = of(null, "-", "-", "-");
        String master = m.remove("master");
        String inputKind = m.containsKey("input_kind") ? m.remove("input_kind") : d.inputKind();
        String input = m.remove("input");
        String output = m.remove("output");
        String model = m.remove("model");
        int maxSeqLength = intOr(m.remove("max_seq_length"), d.maxSeqLength());
        int batch = intOr(m.remove("encode_batch_size"), d.encodeBatchSize());
        int emb = intOr(m.remove("output_emb_size"), d.outputEmbSize());
        String runtime = m.containsKey("runtime") ? m.remove("runtime") : d.runtime();
        String precision = m.containsKey("precision") ? m.remove("precision") : d.precision();
        int shardRows = intOr(m.remove("shard_rows"), d.shardRows());
        int taskThreads = intOr(m.remove("task_threads"), d.taskThreads());
        if (!m.isEmpty()) {
            throw new IllegalArgumentException("unknown options " + m.keySet());
        }
        return new SparkEmbedRequest(
                master,
                inputKind,
                input,
                output,
                model,
                maxSeqLength,
                batch,
                emb,
                runtime,
                precision,
                shardRows,
                taskThreads);
    }

    private static int intOr(String v, int fallback) {
        return v == null ? fallback : Integer.parseInt(v);
    }
}
