package dev.nsw.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nsw.bench.SyntheticCorpus;
import dev.nsw.cli.CliRun;
import dev.nsw.encoder.EmbeddingIdentity;
import dev.nsw.encoder.EncoderOptions;
import dev.nsw.encoder.InferenceRuntime;
import dev.nsw.encoder.Precision;
import dev.nsw.encoder.TextEncoder;
import dev.nsw.encoder.TinyModels;
import dev.nsw.io.Fingerprint;
import dev.nsw.io.NpyFile;
import dev.nsw.retrieval.ShardedEmbeddings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nsw embed --spark local-cluster[2,1,1024]}: a real Spark standalone cluster of two executor JVMs on this
 * machine, a tiny model, 6 shards of 2,048 synthetic texts. The job is interrupted (its driver killed after two
 * shards), run again — which embeds only the shards not finished — and during that run one executor is killed by its
 * pid; Spark runs the lost task again and the folder reads back as exactly the bytes {@code nsw embed} writes.
 */
class SparkEmbedTest {
    static final String MASTER = "local-cluster[2,1,1024]";
    static final int SHARDS = 6;

    @TempDir
    Path dir;

    @Test
    void anInterruptedJobRunAgainWithAnExecutorKilledGivesTheBytesOfNswEmbed() throws Exception {
        Path model = TinyModels.savedModel(dir.resolve("model"), 3);
        SyntheticCorpus synth = new SyntheticCorpus(SyntheticCorpus.Language.ZH, 7, SHARDS * 2048);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < SHARDS * 2048; i++) {
            lines.add(synth.document(i));
        }
        Path input = Files.write(dir.resolve("texts.txt"), lines);
        Path whole = dir.resolve("whole.npy");
        CliRun plain =
                CliRun.of("embed", "--model", model.toString(), "--input", input.toString(), "-o", whole.toString());
        assertThat(plain.exit()).as(plain.err()).isZero();

        Path out = dir.resolve("sharded");
        String[] job = sparkEmbed(model, input, out, "--shard_rows", "2048");

        // 1. interrupted: the driver (and with it the cluster) killed once two shards are committed
        CompletableFuture<CliRun> first = CompletableFuture.supplyAsync(() -> CliRun.of(job));
        awaitSidecars(out, 2, first);
        descendant(SparkEmbedding.DRIVER_MARKER).ifPresent(driver -> {
            driver.descendants().forEach(ProcessHandle::destroyForcibly);
            driver.destroyForcibly();
        });
        CliRun interrupted = first.get(60, TimeUnit.SECONDS);
        assertThat(interrupted.exit()).isEqualTo(1);
        assertThat(interrupted.err()).contains("nsw: error: ");
        assertThat(out.resolve(ShardedEmbeddings.MANIFEST)).doesNotExist();
        int finishedBefore = sidecars(out);
        assertThat(finishedBefore).isBetween(2, SHARDS - 1);

        // 2. run again: only the missing shards; one executor killed once this run has committed a shard
        CompletableFuture<CliRun> second = CompletableFuture.supplyAsync(() -> CliRun.of(job));
        awaitSidecars(out, finishedBefore + 1, second);
        // the driver's child processes are the executors (a local cluster's master and workers are driver threads)
        ProcessHandle executor = descendant(SparkEmbedding.DRIVER_MARKER)
                .orElseThrow()
                .children()
                .findFirst()
                .orElseThrow();
        executor.destroyForcibly();
        CliRun resumed = second.get(120, TimeUnit.SECONDS);
        assertThat(resumed.exit()).as(resumed.err()).isZero();
        assertThat(executor.isAlive()).isFalse();
        assertThat(resumed.err())
                .contains((SHARDS - finishedBefore) + " of " + SHARDS + " shards to embed (" + finishedBefore
                        + " finished before)")
                .contains("kept from an earlier run");
        if (SHARDS - finishedBefore >= 3) {
            // at least two shards were left when the executor died: it was running one, which Spark ran again
            assertThat(resumed.err()).contains("a task failed");
        }
        System.out.println(resumed.err());

        // the shards, in order, are the bytes of the plain run's matrix
        byte[] all = Files.readAllBytes(whole);
        int header = NpyFile.header(SHARDS * 2048L, 32).length;
        byte[] joined = new byte[all.length - header];
        int at = 0;
        for (int s = 0; s < SHARDS; s++) {
            byte[] shard = Files.readAllBytes(out.resolve(ShardedEmbeddings.shardName(s)));
            int sh = NpyFile.header(2048, 32).length;
            System.arraycopy(shard, sh, joined, at, shard.length - sh);
            at += shard.length - sh;
        }
        assertThat(at).isEqualTo(joined.length);
        assertThat(Arrays.equals(joined, 0, joined.length, all, header, all.length))
                .isTrue();
        // bound as nsw embed's vectors are: the manifest records the encoder's whole identity, and push, index and
        // recall (which read with the identity of the model they open — at the length the max-length rule chooses
        // for these texts, as embed and the job did — and the fingerprint of their texts) take it
        int ruleLength =
                dev.nsw.retrieval.CorpusReading.choose(model.toString(), lines).maxSeqLength();
        EmbeddingIdentity identity;
        try (TextEncoder encoder = InferenceRuntime.open(
                model.toString(),
                EncoderOptions.defaults().withMaxSeqLength(ruleLength),
                InferenceRuntime.Choice.AUTO)) {
            identity = encoder.embeddingIdentity();
        }
        assertThat(ShardedEmbeddings.readManifest(out).plan().binding().settings())
                .isEqualTo(identity.line());
        assertThat(ShardedEmbeddings.read(out, identity, Fingerprint.ofTexts(lines)))
                .isDeepEqualTo(NpyFile.read(whole));
    }

    /**
     * What the driver and every executor open the model with is what {@code nsw embed} opens it with: the request's
     * command line (which a {@code spark-submit} user writes too) carries the precision, and what it leaves out is
     * {@code nsw embed}'s default — so no executor embeds at fp32 into an int8 job, or at another batch size.
     */
    @Test
    void theRequestCarriesThePrecisionAndNswEmbedsDefaults() throws Exception {
        SparkEmbedRequest int8 = new SparkEmbedRequest(
                MASTER, "corpus", "/in/corpus.csv", "/out", "m", 128, 8, -1, "onnx", "INT8", 4096, 2);
        assertThat(int8.precision()).isEqualTo("int8");
        SparkEmbedRequest back = SparkEmbedRequest.fromArgs(int8.toArgs().toArray(String[]::new));
        assertThat(back).isEqualTo(int8);
        assertThat(back.encoderOptions(2).precision()).isEqualTo(Precision.INT8);

        SparkEmbedRequest bare =
                SparkEmbedRequest.fromArgs(new String[] {"--input", "t.txt", "--output", "o", "--model", "m"});
        EncoderOptions embeds = EncoderOptions.defaults();
        assertThat(bare.encoderOptions(1))
                .isEqualTo(embeds.withThreads(1))
                .extracting(EncoderOptions::precision, EncoderOptions::batchSize)
                .containsExactly(Precision.FP32, EncoderOptions.DEFAULT_BATCH_SIZE);
        assertThatThrownBy(() -> SparkEmbedRequest.fromArgs(
                        new String[] {"--input", "t", "--output", "o", "--model", "m", "--precision", "int4"}))
                .hasMessage("precision must be fp32 or int8, got 'int4'");

        // nsw embed's checks of --precision hold with --spark, before any JVM starts
        Path model = TinyModels.savedModel(dir.resolve("model"), 3);
        Path input = Files.write(dir.resolve("t.txt"), List.of("a", "b"));
        CliRun torch =
                CliRun.of(sparkEmbed(model, input, dir.resolve("o"), "--precision", "int8", "--runtime", "torch"));
        assertThat(torch.exit()).isEqualTo(2);
        assertThat(torch.err()).contains("--precision int8 runs on ONNX Runtime only");
        assertThat(dir.resolve("o")).doesNotExist();
    }

    /** {@code nsw embed --spark MASTER} of {@code input}'s lines into {@code out}, then {@code more}. */
    private static String[] sparkEmbed(Path model, Path input, Path out, String... more) {
        List<String> a = new ArrayList<>(List.of(
                "embed",
                "--spark",
                MASTER,
                "--model",
                model.toString(),
                "--input",
                input.toString(),
                "-o",
                out.toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    /** Waits until {@code n} shards are committed (their sidecars written), failing early if the job ended. */
    private static void awaitSidecars(Path out, int n, CompletableFuture<CliRun> job) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (sidecars(out) < n) {
            if (job.isDone()) {
                CliRun r = job.get();
                throw new AssertionError("the job ended before " + n + " shards: exit " + r.exit() + "\n" + r.err());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + n + " shards within 120 s");
            }
            Thread.sleep(20);
        }
    }

    private static int sidecars(Path out) throws Exception {
        if (!Files.isDirectory(out)) {
            return 0;
        }
        try (var files = Files.list(out)) {
            return (int) files.filter(f -> f.getFileName().toString().matches("shard-\\d{5}\\.json"))
                    .count();
        }
    }

    /** A process started by this JVM (at any depth) whose command line contains {@code marker}. */
    private static Optional<ProcessHandle> descendant(String marker) {
        return ProcessHandle.current()
                .descendants()
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .findFirst();
    }
}
