package dev.nsw.bench;

import dev.nsw.data.Query;
import dev.nsw.data.RecallRun;
import dev.nsw.data.RetrievalDataset;
import dev.nsw.data.ScoredDoc;
import dev.nsw.encoder.TextEncoder;
import dev.nsw.engine.EngineClient;
import dev.nsw.engine.EngineIndex;
import dev.nsw.engine.EngineRetrievers;
import dev.nsw.eval.MetricsReport;
import dev.nsw.eval.RetrievalMetrics;
import dev.nsw.index.Hit;
import dev.nsw.index.VectorIndex;
import dev.nsw.job.CancellationToken;
import dev.nsw.job.ProgressListener;
import dev.nsw.lexical.Bm25Index;
import dev.nsw.retrieval.DenseRecall;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Faithfulness and speed of an engine against the local code on one corpus, model and set of vectors: dense
 * (engine Lucene HNSW vs local exact and local hnswlib HNSW) and BM25 (engine with dfs_query_then_fetch vs local
 * Lucene), with Recall@K, top-10 agreement per query, the engine's indexing rate and per-query latencies.
 */
public final class EngineBench {
    private EngineBench() {}

    /** One run's line: metrics, agreement with its local twin and per-query latency (ms). */
    public record Row(String name, MetricsReport metrics, double top10Agreement, double p50Ms, double p95Ms) {}

    /** All rows and the bulk load. */
    public record Result(List<Row> rows, EngineIndex.PushReport push, int nodes) {}

    public static Result run(
            EngineClient client,
            String name,
            RetrievalDataset set,
            TextEncoder encoder,
            float[][] vectors,
            EngineIndex.Spec spec,
            int efSearch,
            ProgressListener progress,
            CancellationToken cancel)
            throws Exception {
        List<Query> queries = set.queries();
        int k = 10;
        EngineIndex.PushReport push =
                EngineIndex.push(client, name, set.corpus(), vectors, encoder.modelId(), spec, 500, progress, cancel);
        int nodes = client.get("/_cluster/health")
                .body()
                .path("number_of_data_nodes")
                .asInt();
        float[][] q =
                DenseRecall.embed(encoder, queries.stream().map(Query::text).toList(), "queries", progress, cancel);

        VectorIndex exact = DenseRecall.buildIndex(
                encoder.modelId(), vectors, set.corpus(), DenseRecall.IndexSpec.exact(), progress, cancel);
        VectorIndex hnsw = DenseRecall.buildIndex(
                encoder.modelId(),
                vectors,
                set.corpus(),
                DenseRecall.IndexSpec.hnsw(spec.m(), spec.efConstruction(), efSearch),
                progress,
                cancel);
        Timed localExact = timed(queries, i -> hits(exact.search(q[i], k)));
        Timed localHnsw = timed(queries, i -> hits(hnsw.search(q[i], k)));
        var dense = new EngineRetrievers.Dense(client, name, encoder, efSearch);
        Timed engineDense = timed(queries, i -> dense.searchVector(q[i], k));

        Timed localBm25;
        Timed engineBm25;
        try (Bm25Index bm25 = Bm25Index.buildInMemory(set.corpus(), spec.bm25(), progress, cancel);
                var remote = new EngineRetrievers.Bm25(client, name)) {
            localBm25 = timed(queries, i -> bm25.search(queries.get(i).text(), k));
            engineBm25 = timed(queries, i -> remote.search(queries.get(i).text(), k));
        }
        List<Row> rows = new ArrayList<>();
        rows.add(row("dense local exact", set, localExact, localExact));
        rows.add(row("dense local HNSW (hnswlib)", set, localHnsw, localExact));
        rows.add(row("dense engine (Lucene HNSW)", set, engineDense, localExact));
        rows.add(row("BM25 local Lucene", set, localBm25, localBm25));
        rows.add(row("BM25 engine (dfs_query_then_fetch)", set, engineBm25, localBm25));
        return new Result(rows, push, nodes);
    }

    private record Timed(RecallRun run, double[] ms) {}

    private static List<ScoredDoc> hits(List<Hit> hits) {
        return hits.stream().map(h -> new ScoredDoc(h.id(), h.score())).toList();
    }

    private static Timed timed(List<Query> queries, Function<Integer, List<ScoredDoc>> search) {
        Map<String, List<ScoredDoc>> rankings = new LinkedHashMap<>();
        double[] ms = new double[queries.size()];
        for (int i = 0; i < queries.size(); i++) {
            long t = System.nanoTime();
            rankings.put(queries.get(i).id(), search.apply(i));
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        return new Timed(new RecallRun("score", rankings), ms);
    }

    /** {@code top10Agreement}: share of queries whose top-10 ids, in order, equal the reference run's. */
    private static Row row(String name, RetrievalDataset set, Timed t, Timed reference) {
        int same = 0;
        for (var e : t.run().rankings().entrySet()) {
            List<String> a = e.getValue().stream().map(ScoredDoc::docId).toList();
            List<String> b = reference.run().ranking(e.getKey()).stream()
                    .map(ScoredDoc::docId)
                    .toList();
            if (a.equals(b)) {
                same++;
            }
        }
        double[] sorted = t.ms().clone();
        Arrays.sort(sorted);
        return new Row(
                name,
                RetrievalMetrics.evaluate(set, t.run()),
                same / (double) Math.max(1, t.run().rankings().size()),
                percentile(sorted, 0.50),
                percentile(sorted, 0.95));
    }

    private static double percentile(double[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
