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
            // hybrid (RRF of bm25 and dense) finds the exact text first too: rank 1 in both lists
            SearchBackend.SearchResult h = backend.search(titles.get(3), 3, "hybrid", 0);
            assertThat(h.hits().get(0).text()).isEqualTo(titles.get(3));
            assertThat(h.hits().get(0).score()).isCloseTo(2.0 / 61, within(1e-9));
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
