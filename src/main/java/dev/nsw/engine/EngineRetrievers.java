package dev.nsw.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nsw.data.Query;
import dev.nsw.data.RecallRun;
import dev.nsw.data.ScoredDoc;
import dev.nsw.encoder.TextEncoder;
import dev.nsw.job.CancellationToken;
import dev.nsw.job.ProgressListener;
import dev.nsw.lexical.Bm25Index;
import dev.nsw.retrieval.DenseRecall;
import dev.nsw.retrieval.Retriever;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;

/**
 * {@link Retriever}s over an engine index, and whole-query-set recall returning the same {@link RecallRun} the
 * local code returns, so {@code evaluate}, Compare and every report read engine runs unchanged.
 */
public final class EngineRetrievers {
    private EngineRetrievers() {}

    /**
     * BM25 in the engine, searched with {@code dfs_query_then_fetch} (document frequencies and lengths gathered
     * from every shard first, so scores are those of one index). The query is analysed here with the same Lucene
     * analyzer as {@link Bm25Index} and sent as the same SHOULD clauses, one per term: the engine's query is ours.
     */
    public static final class Bm25 implements Retriever, AutoCloseable {
        private final EngineClient client;
        private final String index;
        private final EngineIndex.Meta meta;
        private final Analyzer analyzer;

        public Bm25(EngineClient client, String index) {
            this.client = client;
            this.index = index;
            this.meta = EngineIndex.metaOfWhole(client, index);
            this.analyzer = meta.bm25().analyzer().create();
        }

        public EngineIndex.Meta meta() {
            return meta;
        }

        @Override
        public String name() {
            return "BM25 " + meta.bm25().analyzer().cliName() + " · engine " + index;
        }

        @Override
        public String scoreKind() {
            return "BM25";
        }

        /** The first {@code k} in the one order ({@link dev.nsw.data.RankingOrder}), as a local index lists them. */
        @Override
        public List<ScoredDoc> search(String query, int k) {
            return dev.nsw.data.RankingOrder.topK(n -> best(query, n), k);
        }

        /** The engine's best {@code k} by score, ties in corpus order. */
        List<ScoredDoc> best(String query, int k) {
            List<String> terms;
            try {
                terms = Bm25Index.queryTerms(analyzer, query);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (terms.isEmpty()) {
                return List.of();
            }
            ObjectNode body = EngineClient.JSON.createObjectNode();
            body.put("size", k).put("_source", false).put("track_total_hits", false);
            ArrayNode should = body.putObject("query").putObject("bool").putArray("should");
            for (String t : terms) {
                should.addObject().putObject("term").put(EngineIndex.TEXT, t);
            }
            return hits(client, index, "/_search?search_type=dfs_query_then_fetch", body, false);
        }

        @Override
        public void close() {
            analyzer.close();
        }
    }

    /**
     * Dense search in the engine: the query is embedded here by {@code encoder} (the model the index was pushed with,
     * checked against {@code _meta}) and the engine's Lucene HNSW returns the top K by inner product.
     */
    public static final class Dense implements Retriever {
        private final EngineClient client;
        private final String index;
        private final TextEncoder encoder;
        private final int efSearch;
        private final boolean passages;

        /** @param efSearch the HNSW search beam per shard (at least k is used) */
        public Dense(EngineClient client, String index, TextEncoder encoder, int efSearch) {
            EngineIndex.Meta meta = EngineIndex.metaOfWhole(client, index);
            EngineIndex.requireSame(meta, index, encoder.modelId(), null);
            if (meta.passages() && meta.passageWindow() != encoder.tokenizer().maxSeqLength()) {
                throw new EngineException("index '" + index + "' holds " + EngineIndex.readingOf(meta)
                        + " but the encoder reads " + encoder.tokenizer().maxSeqLength()
                        + " tokens: give --max_seq_length "
                        + meta.passageWindow());
            }
            this.passages = meta.passages();
            this.client = client;
            this.index = index;
            this.encoder = encoder;
            this.efSearch = efSearch;
        }

        @Override
        public String name() {
            return "Dense " + encoder.name() + " · engine " + index;
        }

        @Override
        public String scoreKind() {
            return "cosine";
        }

        /** The first {@code k} in the one order ({@link dev.nsw.data.RankingOrder}), as a local index lists them. */
        @Override
        public List<ScoredDoc> search(String query, int k) {
            float[] v = encoder.embed(List.of(query))[0];
            return dev.nsw.data.RankingOrder.topK(n -> searchVector(v, n), k);
        }

        /** The engine's best {@code k} by score for a query vector already embedded (unit length), ties in corpus order. */
        public List<ScoredDoc> searchVector(float[] v, int k) {
            ObjectNode body = EngineClient.JSON.createObjectNode();
            body.put("size", k).put("_source", false).put("track_total_hits", false);
            ObjectNode query = body.putObject("query");
            if (passages) {
                // k-NN over the nested passages: each document once, scored by its best passage (MaxP)
                ObjectNode nested = query.putObject("nested");
                nested.put("path", EngineIndex.PASSAGES).put("score_mode", "max");
                query = nested.putObject("query");
            }
            ObjectNode knn = query.putObject("knn")
                    .putObject(passages ? EngineIndex.PASSAGES + "." + EngineIndex.VECTOR : EngineIndex.VECTOR);
            ArrayNode vector = knn.putArray("vector");
            for (float x : v) {
                vector.add(x);
            }
            knn.put("k", k);
            knn.putObject("method_parameters").put("ef_search", Math.max(k, efSearch));
            return hits(client, index, "/_search", body, true);
        }
    }

    /** Every query through {@code retriever}, one request each; the run is keyed by query id as local recall's is. */
    public static RecallRun recallAll(
            Retriever retriever, List<Query> queries, int k, ProgressListener progress, CancellationToken cancel) {
        Map<String, List<ScoredDoc>> rankings = new LinkedHashMap<>();
        int n = queries.size();
        progress.progress(0, n, "searching " + retriever.name());
        float[][] vectors = null;
        if (retriever instanceof Dense dense) { // embed in batches, as local recall does
            vectors = DenseRecall.embed(
                    dense.encoder, queries.stream().map(Query::text).toList(), "queries", progress, cancel);
        }
        for (int i = 0; i < n; i++) {
            cancel.check();
            Query q = queries.get(i);
            float[] v = vectors == null ? null : vectors[i];
            // the first k of the one order (score, then id descending), ties at the cut-off included
            List<ScoredDoc> docs = dev.nsw.data.RankingOrder.topK(
                    m -> v != null
                            ? ((Dense) retriever).searchVector(v, m)
                            : retriever instanceof Bm25 bm25 ? bm25.best(q.text(), m) : retriever.search(q.text(), m),
                    k);
            rankings.put(q.id(), docs);
            if ((i + 1) % 50 == 0 || i + 1 == n) {
                progress.progress(i + 1, n, "searching " + retriever.name());
            }
        }
        return new RecallRun(retriever.scoreKind(), rankings);
    }

    private static List<ScoredDoc> hits(
            EngineClient client, String index, String endpoint, ObjectNode body, boolean innerProduct) {
        // equal scores in corpus order, as a local index ranks them (shard order would differ)
        ArrayNode sort = body.putArray("sort");
        sort.addObject().put("_score", "desc");
        sort.addObject().put(EngineIndex.ORDINAL, "asc");
        EngineClient.Response r = null;
        // A node that just died leaves its shards failed until the cluster promotes their replicas (seconds):
        // a partial answer would silently miss documents, so ask again, then fail in one line.
        for (int attempt = 0; attempt < SEARCH_ATTEMPTS; attempt++) {
            r = client.post("/" + EngineIndex.encode(index) + endpoint, body);
            if (r.status() == 404 && r.errorType().equals("index_not_found_exception")) {
                throw new EngineIndexNotFoundException(index, "index '" + index + "' not found at " + client.base());
            }
            boolean partial = r.ok() && r.body().path("_shards").path("failed").asInt(0) > 0;
            if (!partial && r.status() != 503) {
                break;
            }
            pause(250L << Math.min(attempt, 4));
        }
        if (r.ok() && r.body().path("_shards").path("failed").asInt(0) > 0) {
            throw new EngineException("index '" + index + "' at " + client.base() + " answered from only "
                    + r.body().path("_shards").path("successful").asInt() + " of "
                    + r.body().path("_shards").path("total").asInt()
                    + " shards: a node holding the only copy of a shard is down");
        }
        client.require(r, "searching index '" + index + "'");
        JsonNode hits = r.body().path("hits").path("hits");
        List<ScoredDoc> docs = new ArrayList<>(hits.size());
        for (JsonNode h : hits) {
            double score = h.path("_score").asDouble();
            docs.add(new ScoredDoc(h.path("_id").asText(), innerProduct ? innerProductOf(score) : score));
        }
        return docs;
    }

    /**
     * The k-NN plugin's inner-product score back to the inner product (= cosine of unit vectors): it ranks by
     * {@code s = 1 + ip} when {@code ip >= 0} and {@code s = 1 / (1 - ip)} otherwise, so {@code s >= 1} maps back
     * to {@code s - 1} and {@code s < 1} to {@code 1 - 1/s}.
     */
    private static final int SEARCH_ATTEMPTS = 10;

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("interrupted while searching");
        }
    }

    static double innerProductOf(double score) {
        return score >= 1 ? score - 1 : 1 - 1 / score;
    }
}
