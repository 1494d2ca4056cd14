package dev.nsw.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nsw.data.Corpus;
import dev.nsw.data.Document;
import dev.nsw.encoder.BertConfig;
import dev.nsw.encoder.Encoder;
import dev.nsw.encoder.EncoderOptions;
import dev.nsw.encoder.InferenceRuntime;
import dev.nsw.job.ProgressListener;
import dev.nsw.rank.CrossEncoder;
import dev.nsw.train.TinyEncoders;
import dev.nsw.train.TrainingPair;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The served backend: a model folder and a reranker folder loaded on ONNX Runtime give the DJL answers. */
class BackendSpecTest {
    @TempDir
    Path tmp;

    @Test
    void onnxBackendMatchesTheDjlModels() throws Exception {
        EncoderOptions options =
                EncoderOptions.defaults().withMaxSeqLength(32).withBatchSize(4).withThreads(1);
        Path model = tmp.resolve("model");
        Path rerankerDir = tmp.resolve("reranker");
        List<String> queries = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        List<Document> docs = new ArrayList<>();
        for (TrainingPair p : TinyEncoders.pairs()) {
            queries.add(p.query());
            titles.add(p.positive());
            docs.add(new Document("d" + docs.size(), p.positive()));
        }
        float[][] djlVectors;
        float[] djlScores;
        try (Encoder e = TinyEncoders.create(9, 0f)) {
            e.save(model);
        }
        try (Encoder e = Encoder.load(model, options)) {
            djlVectors = e.embed(queries);
        }
        BertConfig plain = TinyEncoders.config(0f).withOutputEmbSize(0);
        try (CrossEncoder ce =
                CrossEncoder.withNewHead(TinyEncoders.create(plain, 4, options.withOutputEmbSize(0)), 4)) {
            djlScores = ce.score(queries, titles);
            ce.save(rerankerDir);
        }
        BackendSpec spec = new BackendSpec(
                Corpus.of(docs),
                model.toString(),
                options,
                InferenceRuntime.Choice.AUTO,
                null,
                null,
                null,
                rerankerDir);
        try (SearchBackend backend = spec.open(ProgressListener.NONE)) {
            assertThat(backend.encoder().runtime()).isEqualTo("onnx");
            assertThat(backend.modes()).containsExactly("dense", "bm25", "hybrid");
            float[][] served = backend.embed(queries);
            for (int i = 0; i < queries.size(); i++) {
                for (int j = 0; j < served[i].length; j++) {
                    assertThat(served[i][j]).isCloseTo(djlVectors[i][j], within(1e-5f));
                }
            }
            for (int i = 0; i < titles.size(); i++) {
                float served1 = backend.rerank(queries.get(i), List.of(titles.get(i)))[0];
                assertThat(served1).isCloseTo(djlScores[i], within(1e-5f));
            }
            // the query's own paraphrase is found first by dense search over the same texts
            SearchBackend.SearchResult r = backend.search(titles.get(3), 1, "dense", 0);
            assertThat(r.hits().get(0).text()).isEqualTo(titles.get(3));
            assertThat(r.hits().get(0).score()).isCloseTo(1.0, within(1e-4));
            // hybrid (the label-free z-score fusion of bm25 and dense, weighed on this request's two lists) finds the
            // exact text first too: rank 1 in both lists, so the fused score is the two top z's mixed by that weight
            SearchBackend.SearchResult h = backend.search(titles.get(3), 3, "hybrid", 0);
            assertThat(h.hits().get(0).text()).isEqualTo(titles.get(3));
            int depth = dev.nsw.retrieval.HybridRecall.firstStageDepth(3);
            var lexical = new dev.nsw.data.RecallRun(
                    "BM25", java.util.Map.of("q", backend.retriever("bm25").search(titles.get(3), depth)));
            var dense = new dev.nsw.data.RecallRun(
                    "cosine", java.util.Map.of("q", backend.retriever("dense").search(titles.get(3), depth)));
            var choice = dev.nsw.retrieval.Fusion.labelFree(lexical, dense);
            double w = choice.method().weight();
            assertThat(h.hits().get(0).score())
                    .isCloseTo(w * choice.denseTopZ() + (1 - w) * choice.lexicalTopZ(), within(1e-9));
        }
    }

    @Test
    void aCorpusServedWithPassagesAnswersEachDocumentOnceAtItsBestPassage() throws Exception {
        Path model = tmp.resolve("passages-model");
        try (Encoder e = TinyEncoders.create(9, 0f)) {
            e.save(model);
        }
        // one long document (longer than 16 tokens), and short ones
        String tail = "猫咪爱晒太阳的原因是什么";
        List<Document> docs = new ArrayList<>();
        docs.add(new Document("long", "手机电量耗尽如何处理，今日天气如何，如何提高英语水平，便宜机票在哪买，" + tail));
        for (TrainingPair p : TinyEncoders.pairs()) {
            docs.add(new Document("d" + docs.size(), p.positive()));
        }
        EncoderOptions reads16 = EncoderOptions.defaults().withMaxSeqLength(16).withThreads(1);
        BackendSpec spec = new BackendSpec(
                Corpus.of(docs),
                model.toString(),
                reads16,
                InferenceRuntime.Choice.AUTO,
                null,
                null,
                null,
                null,
                dev.nsw.text.PassageWindows.of(16));
        try (SearchBackend backend = spec.open(ProgressListener.NONE)) {
            SearchBackend.SearchResult r = backend.search(tail, docs.size(), "dense", 0);
            assertThat(r.hits())
                    .extracting(SearchBackend.Hit::id)
                    .doesNotHaveDuplicates()
                    .hasSize(docs.size());
            // the long document's last window is the query itself: it comes first with its whole text
            assertThat(r.hits().getFirst().id()).isEqualTo("long");
            assertThat(r.hits().getFirst().text()).isEqualTo(docs.getFirst().text());
            assertThat(r.hits().getFirst().score()).isGreaterThan(0.999);
        }
    }

    @Test
    void anInt8BackendServesInt8VectorsBesideAnFp32Reranker() throws Exception {
        EncoderOptions options = EncoderOptions.defaults()
                .withMaxSeqLength(32)
                .withBatchSize(4)
                .withThreads(1)
                .withPrecision(dev.nsw.encoder.Precision.INT8);
        Path model = tmp.resolve("model");
        Path rerankerDir = tmp.resolve("reranker");
        List<Document> docs = new ArrayList<>();
        for (TrainingPair p : TinyEncoders.pairs()) {
            docs.add(new Document("d" + docs.size(), p.positive()));
        }
        String fp32Id;
        try (Encoder e = TinyEncoders.create(9, 0f)) {
            e.save(model);
            fp32Id = e.modelId();
        }
        BertConfig plain = TinyEncoders.config(0f).withOutputEmbSize(0);
        try (CrossEncoder ce = CrossEncoder.withNewHead(
                TinyEncoders.create(
                        plain, 4, options.withOutputEmbSize(0).withPrecision(dev.nsw.encoder.Precision.FP32)),
                4)) {
            ce.save(rerankerDir);
        }
        BackendSpec spec = new BackendSpec(
                Corpus.of(docs),
                model.toString(),
                options,
                InferenceRuntime.Choice.AUTO,
                null,
                null,
                null,
                rerankerDir);
        try (SearchBackend backend = spec.open(ProgressListener.NONE)) {
            assertThat(backend.encoder().precision()).isEqualTo(dev.nsw.encoder.Precision.INT8);
            assertThat(backend.encoder().modelId()).isEqualTo(fp32Id + "/int8");
            String text = docs.get(3).text();
            assertThat(backend.search(text, 1, "dense", 0).hits().get(0).text()).isEqualTo(text);
            assertThat(backend.rerank(text, List.of(text))[0]).isBetween(0f, 1f);
        }
    }
}
