package dev.nsw.spark.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nsw.data.Beir;
import dev.nsw.data.Corpus;
import dev.nsw.data.ReadOptions;
import dev.nsw.data.RecipeFiles;
import dev.nsw.encoder.InferenceRuntime;
import dev.nsw.encoder.TextEncoder;
import dev.nsw.io.FolderLock;
import dev.nsw.io.OwnedFolder;
import dev.nsw.job.CancellationToken;
import dev.nsw.job.ProgressListener;
import dev.nsw.retrieval.ShardedEmbeddings;
import dev.nsw.spark.SparkEmbedRequest;
import dev.nsw.spark.SparkEmbedding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;

/**
 * The driver of {@code nsw embed --spark}: plans the shards ({@link ShardedEmbeddings#plan}, streaming the input into
 * one text file per shard), leaves out the shards an earlier run finished, has Spark embed the others — one task per
 * shard, one model per executor JVM ({@link EmbedShard}) — and writes the manifest. Run by
 * {@link SparkEmbedding} in its own JVM, or by {@code spark-submit --class dev.nsw.spark.job.SparkEmbedMain} on a
 * cluster (the output folder and the input must then be on a file system every executor sees at the same path).
 *
 * <p>Arguments: {@link SparkEmbedRequest#fromArgs}. Prints {@link SparkEmbedding#PROGRESS} lines, then one
 * {@link SparkEmbedding#RESULT} line (JSON) or one {@link SparkEmbedding#ERROR} line, on stdout; Spark logs to stderr.
 */
public final class SparkEmbedMain {
    private SparkEmbedMain() {}

    public static void main(String[] args) {
        int status;
        try {
            System.out.println(SparkEmbedding.RESULT + run(SparkEmbedRequest.fromArgs(args)));
            status = 0;
        } catch (Throwable t) {
            t.printStackTrace();
            String m = t.getMessage() == null ? t.toString() : t.getMessage();
            System.out.println(SparkEmbedding.ERROR + m.lines().findFirst().orElse(m));
            status = 1;
        }
        System.out.flush();
        System.exit(status);
    }

    static String run(SparkEmbedRequest request) throws IOException {
        long t0 = System.nanoTime();
        Path out = Path.of(request.output()).toAbsolutePath();
        Path input = Path.of(request.input()).toAbsolutePath();
        try (FolderLock lock = OwnedFolder.claimLocked(out, OwnedFolder.Kind.SHARDED_EMBEDDINGS)) {
            // The model's id and dimension; opening it here also makes the ONNX file every executor then reads
            // (building it takes GBs of heap once: not in each executor).
            String modelId;
            String identity;
            int dim;
            try (TextEncoder encoder =
                    InferenceRuntime.open(request.model(), request.encoderOptions(1), request.runtimeChoice())) {
                modelId = encoder.modelId();
                identity = encoder.embeddingIdentity().line();
                dim = encoder.dimension();
            }
            progress(0, -1, "splitting " + input + " into shards");
            ShardedEmbeddings.Plan plan = ShardedEmbeddings.plan(
                    out, texts(request.inputKind(), input), modelId, identity, dim, request.shardRows());
            List<Integer> missing = ShardedEmbeddings.missingShards(out, plan);
            long resumedRows = plan.rows();
            for (int s : missing) {
                resumedRows -= plan.rowsOf(s);
            }
            progress(
                    resumedRows,
                    plan.rows(),
                    String.format(
                            Locale.ROOT,
                            "%d of %d shards to embed (%d finished before)",
                            missing.size(),
                            plan.shards(),
                            plan.shards() - missing.size()));
            double embedSeconds = 0;
            int executors = 0;
            if (!missing.isEmpty()) {
                JobStats stats = embed(request, out, plan, missing, resumedRows);
                embedSeconds = stats.seconds();
                executors = stats.executors();
            }
            ShardedEmbeddings.finish(out, plan);
            ObjectNode r = new ObjectMapper().createObjectNode();
            r.put("rows", plan.rows())
                    .put("dim", plan.dim())
                    .put("shards", plan.shards())
                    .put("shards_embedded", missing.size())
                    .put("rows_embedded", plan.rows() - resumedRows)
                    .put("executors", executors)
                    .put("embed_seconds", embedSeconds)
                    .put("seconds", (System.nanoTime() - t0) / 1e9);
            return r.toString();
        }
    }

    /**
     * The texts in order: a file's lines streamed (never all in memory), or a corpus's documents as recall and push
     * see them (duplicates dropped, BEIR title and text joined), so the folder binds to that corpus.
     */
    static dev.nsw.retrieval.EmbeddingFile.TextSource texts(String kind, Path input) {
        return switch (kind) {
            case "lines" ->
                each -> RecipeFiles.forEachText(input, ReadOptions.STRICT, line -> each.accept(line.text()));
            case "corpus" ->
                each -> Corpus.readRecipe(input, ReadOptions.STRICT).documents().forEach(d -> each.accept(d.text()));
            case "beir" ->
                each -> Beir.readCorpus(input.resolve("corpus.jsonl"), ReadOptions.STRICT)
                        .documents()
                        .forEach(d -> each.accept(d.text()));
            default -> throw new IllegalArgumentException("input kind " + kind);
        };
    }

    record JobStats(double seconds, int executors) {}

    private static JobStats embed(
            SparkEmbedRequest request, Path out, ShardedEmbeddings.Plan plan, List<Integer> missing, long resumedRows) {
        SparkConf conf = new SparkConf()
                .setAppName("nsw embed " + out.getFileName())
                .set("spark.ui.enabled", "false")
                .set("spark.task.maxFailures", "4")
                .set("spark.speculation", "false");
        // what nsw's JVMs run with (offline, native access for ONNX Runtime), after what the user gave
        conf.set(
                "spark.executor.extraJavaOptions",
                (conf.get("spark.executor.extraJavaOptions", "") + " --add-modules jdk.incubator.vector"
                                + " --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow"
                                + " -Dai.djl.offline=true")
                        .strip());
        if (request.master() != null) {
            conf.setMaster(request.master());
        }
        String master = conf.get("spark.master", "");
        if (master.startsWith("local")) {
            // executors on this machine: bound to loopback, with the driver's class path (nsw, its runtime, Spark)
            conf.set("spark.driver.host", "127.0.0.1")
                    .set("spark.driver.bindAddress", "127.0.0.1")
                    .set("spark.executor.extraClassPath", System.getProperty("java.class.path"));
        }
        long[] firstStart = {Long.MAX_VALUE};
        AtomicLong lastEnd = new AtomicLong();
        AtomicLong done = new AtomicLong(resumedRows);
        AtomicInteger finished = new AtomicInteger();
        java.util.Set<String> executorsUsed = ConcurrentHashMap.newKeySet();
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            sc.setLogLevel("WARN");
            sc.sc().addSparkListener(new SparkListener() {
                @Override
                public void onTaskStart(SparkListenerTaskStart start) {
                    synchronized (firstStart) {
                        firstStart[0] = Math.min(firstStart[0], System.nanoTime());
                    }
                }

                @Override
                public void onTaskEnd(SparkListenerTaskEnd end) {
                    if (end.taskInfo().successful()) {
                        executorsUsed.add(end.taskInfo().executorId());
                        int shard = missing.get((int) end.taskInfo().partitionId());
                        lastEnd.set(System.nanoTime());
                        progress(
                                done.addAndGet(plan.rowsOf(shard)),
                                plan.rows(),
                                String.format(
                                        Locale.ROOT,
                                        "embedded shard %d (%d of %d this run)",
                                        shard,
                                        finished.incrementAndGet(),
                                        missing.size()));
                    } else {
                        progress(done.get(), plan.rows(), "a task failed (" + reason(end) + "); Spark runs it again");
                    }
                }
            });
            // one partition per shard: each task embeds one shard, and a failed task redoes only its shard
            sc.parallelize(missing, missing.size())
                    .map(new EmbedShard(request, out.toString()))
                    .collect();
            double seconds = (lastEnd.get() - firstStart[0]) / 1e9;
            return new JobStats(seconds, executorsUsed.size());
        }
    }

    /** Why a task failed, in one short line (Spark's reason carries the whole stack trace). */
    private static String reason(SparkListenerTaskEnd end) {
        String r = end.reason() instanceof org.apache.spark.ExceptionFailure f
                ? f.className() + ": " + f.description()
                : String.valueOf(end.reason());
        r = r.lines().findFirst().orElse(r);
        return r.length() > 200 ? r.substring(0, 200) + "…" : r;
    }

    static void progress(long done, long total, String message) {
        System.out.println(SparkEmbedding.PROGRESS + done + " " + total + " " + message.replace('\n', ' '));
        System.out.flush();
    }

    /** One shard, on an executor: the executor's model (opened by its first task) embeds it into the folder. */
    static final class EmbedShard implements Function<Integer, Integer> {
        private static final long serialVersionUID = 1L;
        private final SparkEmbedRequest request;
        private final String dir;

        EmbedShard(SparkEmbedRequest request, String dir) {
            this.request = request;
            this.dir = dir;
        }

        @Override
        public Integer call(Integer shard) throws Exception {
            Path folder = Path.of(dir);
            ShardedEmbeddings.Plan plan = ShardedEmbeddings.readPlan(folder)
                    .orElseThrow(() -> new IllegalStateException("no readable plan in " + folder));
            TextEncoder encoder = ExecutorModels.get(request);
            return ShardedEmbeddings.embedShard(
                            folder, plan, shard, encoder, ProgressListener.NONE, CancellationToken.NEVER)
                    .rows();
        }
    }

    /** One model per executor JVM, opened by the first task that needs it and kept for the executor's life. */
    static final class ExecutorModels {
        private static final Map<SparkEmbedRequest, TextEncoder> OPEN = new ConcurrentHashMap<>();

        private ExecutorModels() {}

        static TextEncoder get(SparkEmbedRequest request) {
            return OPEN.computeIfAbsent(request, r -> {
                try {
                    return InferenceRuntime.open(r.model(), r.encoderOptions(r.taskThreads()), r.runtimeChoice());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
