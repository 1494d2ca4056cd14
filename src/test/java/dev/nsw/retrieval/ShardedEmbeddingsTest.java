package dev.nsw.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nsw.data.Corpus;
import dev.nsw.data.Document;
import dev.nsw.encoder.Encoder;
import dev.nsw.encoder.EncoderOptions;
import dev.nsw.encoder.InferenceRuntime;
import dev.nsw.encoder.Precision;
import dev.nsw.encoder.TextEncoder;
import dev.nsw.encoder.TinyModels;
import dev.nsw.io.Fingerprint;
import dev.nsw.io.NpyFile;
import dev.nsw.job.CancellationToken;
import dev.nsw.job.ProgressListener;
import dev.nsw.train.TinyEncoders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The folder of shards {@code nsw embed --spark} writes, without Spark: the shards read back as the matrix
 * {@code nsw embed} writes, a run again embeds only what is missing or damaged, and the folder is bound to its model
 * and texts. The Spark job itself is tested by {@code SparkEmbedTest}.
 */
class ShardedEmbeddingsTest {
    @TempDir
    static Path dir;

    static List<String> texts;
    static Path whole;

    @BeforeAll
    static void embedWhole() throws Exception {
        // duplicates and an empty-ish text, as real corpora have; three chunks, the last one short
        String[] words = {"北京", "天气", "如何", "学习", "深度", "模型", "检索", "向量", "今天", "上海", "医院", "手机"};
        Random r = new Random(5);
        texts = new ArrayList<>();
        for (int i = 0; i < 2 * EmbeddingFile.CHUNK + 700; i++) {
            StringBuilder sb = new StringBuilder();
            for (int w = 1 + r.nextInt(10); w > 0; w--) {
                sb.append(words[r.nextInt(words.length)]);
            }
            texts.add(i % 500 == 7 ? texts.get(0) : sb.toString());
        }
        whole = dir.resolve("whole.npy");
        try (Encoder encoder = TinyEncoders.create(11, 0f)) {
            EmbeddingFile.write(
                    encoder,
                    texts,
                    whole,
                    Fingerprint.ofTexts(texts),
                    "texts",
                    ProgressListener.NONE,
                    CancellationToken.NEVER);
        }
    }

    private static ShardedEmbeddings.Plan plan(Path out, Encoder encoder, List<String> input) throws Exception {
        return ShardedEmbeddings.plan(
                out,
                each -> input.forEach(each),
                encoder.modelId(),
                encoder.embeddingIdentity().line(),
                encoder.dimension(),
                EmbeddingFile.CHUNK);
    }

    private static void embedAll(Path out, ShardedEmbeddings.Plan plan, Encoder encoder, List<Integer> shards)
            throws Exception {
        for (int s : shards) {
            ShardedEmbeddings.embedShard(out, plan, s, encoder, ProgressListener.NONE, CancellationToken.NEVER);
        }
    }

    @Test
    void shardsReadBackAsTheMatrixOfNswEmbedBitForBit() throws Exception {
        Path out = dir.resolve("sharded");
        try (Encoder encoder = TinyEncoders.create(11, 0f)) {
            ShardedEmbeddings.Plan plan = plan(out, encoder, texts);
            assertThat(plan.shards()).isEqualTo(3);
            assertThat(plan.rowsOf(2)).isEqualTo(700);
            List<Integer> missing = ShardedEmbeddings.missingShards(out, plan);
            assertThat(missing).containsExactly(0, 1, 2);
            // shards may finish in any order (executors): embed them backwards
            embedAll(out, plan, encoder, List.of(2, 1, 0));
            assertThat(ShardedEmbeddings.missingShards(out, plan)).isEmpty();
            ShardedEmbeddings.finish(out, plan);
            float[][] read = ShardedEmbeddings.read(out, encoder.embeddingIdentity(), Fingerprint.ofTexts(texts));
            assertThat(read).isDeepEqualTo(NpyFile.read(whole));
            // the shard files' data are the .npy's data, byte for byte, in order
            byte[] all = Files.readAllBytes(whole);
            int header = NpyFile.header(texts.size(), plan.dim()).length;
            long offset = header;
            for (int s = 0; s < plan.shards(); s++) {
                byte[] shard = Files.readAllBytes(out.resolve(ShardedEmbeddings.shardName(s)));
                int sh = NpyFile.header(plan.rowsOf(s), plan.dim()).length;
                assertThat(Arrays.copyOfRange(shard, sh, shard.length))
                        .isEqualTo(Arrays.copyOfRange(all, (int) offset, (int) offset + shard.length - sh));
                offset += shard.length - sh;
            }
            assertThat(offset).isEqualTo(all.length);

            // read as corpus embeddings: the corpus of these texts, in order (duplicates kept: one per line)
            List<Document> docs = new ArrayList<>();
            for (int i = 0; i < texts.size(); i++) {
                docs.add(new Document(Integer.toString(i), texts.get(i)));
            }
            Corpus corpus = Corpus.of(docs);
            if (corpus.size() == texts.size()) {
                assertThat(CorpusEmbeddings.load(encoder, corpus, out, ProgressListener.NONE, CancellationToken.NEVER)
                                .vectors())
                        .isDeepEqualTo(read);
            } else { // a corpus that drops duplicates is other texts: refused in one line
                assertThatThrownBy(() -> CorpusEmbeddings.load(
                                encoder, corpus, out, ProgressListener.NONE, CancellationToken.NEVER))
                        .hasMessageContaining("holds embeddings of other texts");
            }
        }
    }

    @Test
    void aRunAgainRedoesOnlyMissingOrDamagedShardsAndAnotherBindingStartsOver() throws Exception {
        Path out = dir.resolve("resumed");
        try (Encoder encoder = TinyEncoders.create(11, 0f)) {
            ShardedEmbeddings.Plan plan = plan(out, encoder, texts);
            embedAll(out, plan, encoder, List.of(0, 1, 2));
            ShardedEmbeddings.finish(out, plan);
            byte[] shard1 = Files.readAllBytes(out.resolve(ShardedEmbeddings.shardName(1)));

            // an interrupted job: shard 0 never committed (no sidecar), shard 2's file damaged after its commit
            Files.delete(out.resolve("shard-00000.json"));
            byte[] two = Files.readAllBytes(out.resolve(ShardedEmbeddings.shardName(2)));
            two[two.length - 1] ^= 1;
            Files.write(out.resolve(ShardedEmbeddings.shardName(2)), two);
            assertThatThrownBy(() -> ShardedEmbeddings.read(out, null, null)).hasMessageContaining("checksum");

            ShardedEmbeddings.Plan again = plan(out, encoder, texts);
            assertThat(again).isEqualTo(plan);
            assertThat(ShardedEmbeddings.missingShards(out, again)).containsExactly(0, 2);
            assertThatThrownBy(() -> ShardedEmbeddings.finish(out, again)).hasMessageContaining("shards [0, 2] of 3");
            embedAll(out, again, encoder, List.of(0, 2));
            ShardedEmbeddings.finish(out, again);
            assertThat(ShardedEmbeddings.read(out, null, null)).isDeepEqualTo(NpyFile.read(whole));
            assertThat(Files.readAllBytes(out.resolve(ShardedEmbeddings.shardName(1))))
                    .isEqualTo(shard1);

            // other texts in the same folder: a new plan, and nothing of the old one is kept
            List<String> other = new ArrayList<>(texts.subList(0, EmbeddingFile.CHUNK + 10));
            ShardedEmbeddings.Plan otherPlan = plan(out, encoder, other);
            assertThat(otherPlan.shards()).isEqualTo(2);
            assertThat(ShardedEmbeddings.missingShards(out, otherPlan)).containsExactly(0, 1);
            assertThat(out.resolve(ShardedEmbeddings.shardName(2))).doesNotExist();
            assertThat(out.resolve("texts").resolve("shard-00002.jsonl")).doesNotExist();
            assertThatThrownBy(() -> ShardedEmbeddings.readManifest(out)).hasMessageContaining("has not finished");
        }
    }

    @Test
    void anotherModelsShardsAreRefusedInOneLine() throws Exception {
        Path out = dir.resolve("bound");
        try (Encoder encoder = TinyEncoders.create(11, 0f);
                Encoder other = TinyEncoders.create(12, 0f)) {
            List<String> few = texts.subList(0, 50);
            ShardedEmbeddings.Plan plan = plan(out, encoder, few);
            assertThatThrownBy(() -> ShardedEmbeddings.embedShard(
                            out, plan, 0, other, ProgressListener.NONE, CancellationToken.NEVER))
                    .hasMessageContaining("is for model " + encoder.modelId());
            embedAll(out, plan, encoder, List.of(0));
            ShardedEmbeddings.finish(out, plan);
            assertThatThrownBy(() -> ShardedEmbeddings.read(out, other.embeddingIdentity(), null))
                    .hasMessage(out + " holds embeddings of model " + encoder.modelId() + ", not " + other.modelId()
                            + ": embed again with this model into another folder");
            assertThatThrownBy(() -> ShardedEmbeddings.read(out, null, Fingerprint.ofTexts(texts)))
                    .hasMessageContaining("holds embeddings of other texts");
            // the same weights at another max_seq_length make other embeddings
            try (Encoder longer = TinyEncoders.create(
                    TinyEncoders.config(0f),
                    11,
                    dev.nsw.encoder.EncoderOptions.defaults()
                            .withMaxSeqLength(32)
                            .withOutputEmbSize(dev.nsw.encoder.EncoderOptions.KEEP)
                            .withThreads(1))) {
                assertThat(longer.modelId()).isEqualTo(encoder.modelId());
                assertThatThrownBy(() -> ShardedEmbeddings.read(out, longer.embeddingIdentity(), null))
                        .hasMessageContaining("holds embeddings made another way than this run's")
                        .hasMessageContaining("max_seq_length");
                assertThatThrownBy(() -> ShardedEmbeddings.embedShard(
                                out, plan, 0, longer, ProgressListener.NONE, CancellationToken.NEVER))
                        .hasMessageContaining("is for other embeddings than this executor's");
            }
            assertThat(ShardedEmbeddings.read(
                            out.resolve(ShardedEmbeddings.MANIFEST), encoder.embeddingIdentity(), null))
                    .hasDimensions(50, encoder.dimension());
        }
    }

    /**
     * One folder, one precision: int8 vectors are close to fp32 ones but not the same, so an int8 executor never adds
     * shards to an fp32 plan, an int8 run over an fp32 folder keeps none of its shards, and readers at fp32 refuse
     * the int8 folder (and the other way round) — through the encoder's identity, as every other setting.
     */
    @Test
    void int8AndFp32ShardsAreNeverMixed() throws Exception {
        Path out = dir.resolve("precision");
        Path model = TinyModels.savedModel(dir.resolve("precision-model"), 5);
        EncoderOptions fp32Options = EncoderOptions.defaults().withThreads(1);
        List<String> few = texts.subList(0, 40);
        try (TextEncoder fp32 = InferenceRuntime.open(model.toString(), fp32Options, InferenceRuntime.Choice.ONNX);
                TextEncoder int8 = InferenceRuntime.open(
                        model.toString(), fp32Options.withPrecision(Precision.INT8), InferenceRuntime.Choice.ONNX)) {
            assertThat(int8.embeddingIdentity().line()).contains("precision=int8");
            ShardedEmbeddings.Plan fp32Plan = ShardedEmbeddings.plan(
                    out,
                    few::forEach,
                    fp32.modelId(),
                    fp32.embeddingIdentity().line(),
                    fp32.dimension(),
                    EmbeddingFile.CHUNK);
            assertThatThrownBy(() -> ShardedEmbeddings.embedShard(
                            out, fp32Plan, 0, int8, ProgressListener.NONE, CancellationToken.NEVER))
                    .hasMessageContaining("is for model " + fp32.modelId() + " ")
                    .hasMessageContaining("this executor opened " + int8.modelId());
            ShardedEmbeddings.embedShard(out, fp32Plan, 0, fp32, ProgressListener.NONE, CancellationToken.NEVER);
            ShardedEmbeddings.finish(out, fp32Plan);
            assertThatThrownBy(() -> ShardedEmbeddings.read(out, int8.embeddingIdentity(), null))
                    .hasMessageContaining("holds embeddings of model " + fp32.modelId() + ", not " + int8.modelId());

            // the same folder at int8: a new plan, the fp32 shard is not kept
            ShardedEmbeddings.Plan int8Plan = ShardedEmbeddings.plan(
                    out,
                    few::forEach,
                    int8.modelId(),
                    int8.embeddingIdentity().line(),
                    int8.dimension(),
                    EmbeddingFile.CHUNK);
            assertThat(ShardedEmbeddings.missingShards(out, int8Plan)).containsExactly(0);
            ShardedEmbeddings.embedShard(out, int8Plan, 0, int8, ProgressListener.NONE, CancellationToken.NEVER);
            ShardedEmbeddings.finish(out, int8Plan);
            assertThat(ShardedEmbeddings.readManifest(out).plan().binding().settings())
                    .isEqualTo(int8.embeddingIdentity().line());
            assertThatThrownBy(() -> ShardedEmbeddings.read(out, fp32.embeddingIdentity(), null))
                    .hasMessageContaining("holds embeddings of model " + int8.modelId() + ", not " + fp32.modelId());
            float[][] read = ShardedEmbeddings.read(out, int8.embeddingIdentity(), Fingerprint.ofTexts(few));
            assertThat(read).isDeepEqualTo(int8.embed(few));
            assertThat(dev.nsw.index.Vectors.minRowCosine(read, fp32.embed(few)))
                    .as("int8 rows are other vectors than fp32's, if close")
                    .isLessThan(1.0)
                    .isGreaterThan(0.9);
        }
    }
}
