package dev.nsw.engine;

import dev.nsw.data.Corpus;
import dev.nsw.encoder.TextEncoder;
import java.time.Duration;
import java.util.List;

/**
 * An engine index as a front end names it — the cluster's node URLs and the index — with the calls a workspace
 * makes on it: check it belongs to a corpus and model, read its status, and search it with the same
 * {@link dev.nsw.retrieval.Retriever}s and runs as a local index. Every failure is one typed line
 * ({@link EngineUnavailableException}, {@link EngineIndexNotFoundException}, {@link EngineIndexMismatchException}).
 *
 * @param urls node URLs, comma-separated as typed ({@link EngineClient#parseAll}); all of them, so that searches go on
 *     when one node dies
 */
public record EngineTarget(String urls, String index) {
    public EngineTarget {
        EngineClient.parseAll(urls); // a bad URL is refused now, in one line
        if (index == null || index.isBlank() || !index.equals(index.toLowerCase(java.util.Locale.ROOT))) {
            throw new EngineException("bad engine index name '" + index + "': lower case, not empty");
        }
    }

    /** The target of a local cluster started by {@link EngineCluster#start}: every node of it. */
    public static EngineTarget of(EngineCluster.State cluster, String index) {
        return new EngineTarget(cluster.urls(), index);
    }

    /** A client of every node; searches time out after {@code timeout}. */
    public EngineClient client(Duration timeout) {
        return new EngineClient(EngineClient.parseAll(urls), timeout);
    }

    public EngineClient client() {
        return client(Duration.ofSeconds(60));
    }

    /**
     * The index's metadata, after checking it was pushed from {@code corpus} with {@code modelId} (either may be null
     * to skip its check): what a workspace does before it shows engine results beside local ones.
     */
    public EngineIndex.Meta check(EngineClient client, Corpus corpus, String modelId) {
        EngineIndex.Meta meta = EngineIndex.meta(client, index);
        EngineIndex.requireSame(meta, index, modelId, corpus == null ? null : corpus.fingerprint());
        return meta;
    }

    /** Documents, size, shards, replicas and health. */
    public EngineIndexStatus status(EngineClient client) {
        return EngineIndexStatus.of(client, index);
    }

    /** Dense search with {@code encoder} (the model the index was pushed with) at HNSW beam {@code efSearch}. */
    public EngineRetrievers.Dense dense(EngineClient client, TextEncoder encoder, int efSearch) {
        return new EngineRetrievers.Dense(client, index, encoder, efSearch);
    }

    /** BM25 search with the analyzer and k1/b the index was pushed with (close it when done). */
    public EngineRetrievers.Bm25 bm25(EngineClient client) {
        return new EngineRetrievers.Bm25(client, index);
    }

    /** The node URLs, parsed. */
    public List<java.net.URI> nodes() {
        return EngineClient.parseAll(urls);
    }
}
