package dev.nsw.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nsw.data.Corpus;
import dev.nsw.data.Document;
import dev.nsw.job.CancellationToken;
import dev.nsw.job.ProgressListener;
import dev.nsw.lexical.Bm25Options;
import dev.nsw.lexical.LexicalAnalyzer;
import dev.nsw.retrieval.PassageCorpus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An engine index of a corpus: its mapping (BM25 text field with our analyzer, {@code knn_vector} HNSW on
 * Lucene with inner product), the nsw metadata in {@code _meta} that binds it to one model and one corpus,
 * and the bulk load ({@link #push}).
 */
public final class EngineIndex {
    /** Field names in the engine's documents. */
    static final String TEXT = "text";

    static final String VECTOR = "vector";
    /** The nested field of an index of passages: one {@code {"vector": [...]}} object per passage of a document. */
    static final String PASSAGES = "passages";
    /** The document's position in the corpus: ties in score are broken by it, as local Lucene breaks them by doc id. */
    static final String ORDINAL = "ord";

    private EngineIndex() {}

    /**
     * How to build the index.
     *
     * @param m HNSW links per node; {@code efConstruction} the build beam (our --M / --ef_construction)
     * @param shards primary shards; {@code replicas} copies of each on other nodes (1 survives a node loss)
     */
    public record Spec(int m, int efConstruction, int shards, int replicas, Bm25Options bm25) {
        public Spec {
            if (m < 2 || efConstruction < 1 || shards < 1 || replicas < 0) {
                throw new IllegalArgumentException("need M >= 2, ef_construction >= 1, shards >= 1, replicas >= 0");
            }
        }
    }

    /**
     * What {@code _meta} records: the model and corpus the vectors belong to, the BM25 choices, and for an index of
     * passages (MaxP) the window and stride its documents were cut with ({@code passageWindow} 0: one vector each).
     */
    public record Meta(
            String modelId,
            String corpusFingerprint,
            int documents,
            int dimension,
            Bm25Options bm25,
            int passageWindow,
            int passageStride) {
        /** An index of one vector per document. */
        public Meta(String modelId, String corpusFingerprint, int documents, int dimension, Bm25Options bm25) {
            this(modelId, corpusFingerprint, documents, dimension, bm25, 0, 0);
        }

        /** Whether documents are stored as passages, searched by their best one. */
        public boolean passages() {
            return passageWindow > 0;
        }
    }

    /** The index's nsw metadata; one line when the index is missing or was not made by {@code nsw push}. */
    public static Meta meta(EngineClient client, String name) {
        EngineClient.Response r = client.get("/" + encode(name) + "/_mapping");
        if (r.status() == 404) {
            throw new EngineIndexNotFoundException(
                    name, "index '" + name + "' not found at " + client.base() + " (create it with `nsw push`)");
        }
        client.require(r, "reading the mapping of index '" + name + "'");
        JsonNode meta = r.body().path(name).path("mappings").path("_meta");
        if (meta.path("nsw_model_id").isMissingNode()) {
            throw new EngineException("index '" + name + "' at " + client.base()
                    + " was not made by `nsw push` (no nsw metadata in its _meta)");
        }
        Bm25Options bm25 = new Bm25Options(
                LexicalAnalyzer.fromCliName(meta.path("nsw_analyzer").asText()),
                (float) meta.path("nsw_k1").asDouble(),
                (float) meta.path("nsw_b").asDouble());
        return new Meta(
                meta.path("nsw_model_id").asText(),
                meta.path("nsw_corpus_fingerprint").asText(),
                meta.path("nsw_documents").asInt(),
                meta.path("nsw_dimension").asInt(),
                bm25,
                meta.path("nsw_passage_window").asInt(0),
                meta.path("nsw_passage_stride").asInt(0));
    }

    /**
     * The nsw metadata of an index that holds every document it was pushed with — what a search through the engine
     * reads. An index with fewer (a push that failed or timed out half-way, or one still running) is refused in one
     * line: evaluated as if whole, its metrics would be silently low.
     */
    public static Meta metaOfWhole(EngineClient client, String name) {
        Meta meta = meta(client, name);
        long count = count(client, name);
        if (count != meta.documents()) {
            throw new EngineException(String.format(
                    Locale.ROOT,
                    "index '%s' at %s holds %,d of the %,d documents it was pushed with (a push that failed,"
                            + " timed out or still runs): run the same `nsw push` again to complete it",
                    name,
                    client.base(),
                    count,
                    meta.documents()));
        }
        return meta;
    }

    /** The documents the engine counts in {@code name} (refreshed ones). */
    static long count(EngineClient client, String name) {
        return client.require(client.get("/" + encode(name) + "/_count"), "counting index '" + name + "'")
                .body()
                .path("count")
                .asLong();
    }

    /** Refuses, in one line, an index whose vectors come from another model or whose texts are another corpus. */
    public static void requireSame(Meta meta, String name, String modelId, String corpusFingerprint) {
        if (modelId != null && !meta.modelId().equals(modelId)) {
            throw new EngineIndexMismatchException(
                    name,
                    EngineIndexMismatchException.Mismatch.MODEL,
                    meta.modelId(),
                    modelId,
                    "index '" + name + "' holds vectors of model " + meta.modelId() + ", not " + modelId
                            + ": push this model to another --name");
        }
        if (corpusFingerprint != null && !meta.corpusFingerprint().equals(corpusFingerprint)) {
            throw new EngineIndexMismatchException(
                    name,
                    EngineIndexMismatchException.Mismatch.CORPUS,
                    meta.corpusFingerprint(),
                    corpusFingerprint,
                    "index '" + name + "' was pushed from another corpus (fingerprint "
                            + shortFp(meta.corpusFingerprint()) + ", this corpus " + shortFp(corpusFingerprint)
                            + "): push this corpus to another --name");
        }
    }

    private static String shortFp(String fp) {
        return fp.length() > 12 ? fp.substring(0, 12) : fp;
    }

    /** OpenSearch's spelling of our analyzer; the engine has no smartcn (its plugin is not bundled). */
    static ObjectNode analysisFor(LexicalAnalyzer analyzer, ObjectNode textField) {
        ObjectNode analysis = EngineClient.JSON.createObjectNode();
        switch (analyzer) {
            case STANDARD -> textField.put("analyzer", "standard");
            case ENGLISH -> textField.put("analyzer", "english");
            case CJK_BIGRAM -> textField.put("analyzer", "cjk");
            case CJK_UNIGRAM_BIGRAM -> {
                // Lucene's chain in lexical.UnigramBigramAnalyzer: standard → CJK width → lower case → bigrams +
                // unigrams
                analysis.putObject("filter")
                        .putObject("nsw_cjk_bigram_unigrams")
                        .put("type", "cjk_bigram")
                        .put("output_unigrams", true);
                ObjectNode a = analysis.putObject("analyzer").putObject("nsw_cjk_unigram_bigram");
                a.put("type", "custom").put("tokenizer", "standard");
                a.putArray("filter").add("cjk_width").add("lowercase").add("nsw_cjk_bigram_unigrams");
                textField.put("analyzer", "nsw_cjk_unigram_bigram");
            }
            case SMARTCN ->
                throw new EngineException(
                        "the engine has no smartcn analyzer (OpenSearch's analysis-smartcn plugin is not"
                                + " bundled): push with --analyzer standard, english, cjk-bigram or cjk-unigram-bigram");
        }
        return analysis;
    }

    /** The create-index body: settings (shards, replicas, k-NN, BM25 k1/b, analysis) and the mapping with {@code _meta}. */
    static ObjectNode createBody(Spec spec, Meta meta) {
        ObjectNode body = EngineClient.JSON.createObjectNode();
        ObjectNode settings = body.putObject("settings");
        ObjectNode index = settings.putObject("index");
        index.put("number_of_shards", spec.shards())
                .put("number_of_replicas", spec.replicas())
                .put("knn", true);
        index.putObject("similarity")
                .putObject("default")
                .put("type", "BM25")
                .put("k1", spec.bm25().k1())
                .put("b", spec.bm25().b());
        ObjectNode mappings = body.putObject("mappings");
        mappings.put("dynamic", "strict");
        mappings.putObject("_meta")
                .put("nsw_model_id", meta.modelId())
                .put("nsw_corpus_fingerprint", meta.corpusFingerprint())
                .put("nsw_documents", meta.documents())
                .put("nsw_dimension", meta.dimension())
                .put("nsw_analyzer", spec.bm25().analyzer().cliName())
                .put("nsw_k1", spec.bm25().k1())
                .put("nsw_b", spec.bm25().b());
        if (meta.passages()) {
            ((ObjectNode) mappings.path("_meta"))
                    .put("nsw_passage_window", meta.passageWindow())
                    .put("nsw_passage_stride", meta.passageStride());
        }
        ObjectNode props = mappings.putObject("properties");
        props.putObject("id").put("type", "keyword");
        props.putObject(ORDINAL).put("type", "integer");
        ObjectNode text = props.putObject(TEXT);
        text.put("type", "text");
        ObjectNode analysis = analysisFor(spec.bm25().analyzer(), text);
        if (!analysis.isEmpty()) {
            settings.set("analysis", analysis);
        }
        // An index of passages nests one vector per passage under its document: the engine's nested k-NN search
        // returns each document once, scored by its best passage (MaxP), as index.MaxPassageIndex does locally.
        ObjectNode vector = meta.passages()
                ? props.putObject(PASSAGES)
                        .put("type", "nested")
                        .putObject("properties")
                        .putObject(VECTOR)
                : props.putObject(VECTOR);
        vector.put("type", "knn_vector").put("dimension", meta.dimension());
        // Always the Lucene engine: the plugin's default (faiss) has no native libraries in the Maven zip and hangs.
        ObjectNode method = vector.putObject("method");
        method.put("name", "hnsw").put("engine", "lucene").put("space_type", "innerproduct");
        method.putObject("parameters").put("m", spec.m()).put("ef_construction", spec.efConstruction());
        return body;
    }

    /**
     * What a push did.
     *
     * @param created true when the index was created now, false when an existing one (same model and corpus) was resumed
     * @param retries bulk requests or items sent again after a rejection or a failed node
     * @param replicas replicas of each shard the index was created with: the asked number, or fewer when the cluster
     *     has too few data nodes to hold them (-1 when an existing index was resumed)
     */
    public record PushReport(
            boolean created, int documents, long countAfter, int retries, double seconds, int replicas) {}

    /**
     * Creates the index (or checks the existing one is of this model and corpus) and bulk-loads every document with
     * its vector. Ids are the corpus ids, so a push that is interrupted and run again overwrites, never duplicates.
     * Rejections (HTTP 429, a node gone) are retried with backoff, sending only the items that failed.
     *
     * @param vectors float32 [N, D], row i = document i, L2-normalised (inner product = cosine)
     */
    public static PushReport push(
            EngineClient client,
            String name,
            Corpus corpus,
            float[][] vectors,
            String modelId,
            Spec spec,
            int batchDocs,
            ProgressListener progress,
            CancellationToken cancel) {
        if (vectors.length != corpus.size()) {
            throw new IllegalArgumentException(vectors.length + " vectors for " + corpus.size() + " documents");
        }
        int dim = vectors.length == 0 ? 0 : vectors[0].length;
        float[][][] perDocument = new float[vectors.length][][];
        for (int i = 0; i < vectors.length; i++) {
            perDocument[i] = new float[][] {vectors[i]};
        }
        return push(
                client,
                name,
                corpus,
                perDocument,
                new Meta(modelId, corpus.fingerprint(), corpus.size(), dim, spec.bm25()),
                spec,
                batchDocs,
                progress,
                cancel);
    }

    /**
     * {@link #push(EngineClient, String, Corpus, float[][], String, Spec, int, ProgressListener, CancellationToken)}
     * of a corpus cut into passages (MaxP): each document with the vectors of its passages, nested, so that a dense
     * search returns it once at its best passage.
     *
     * @param vectors float32 [passages, D], row i = passage i of {@code passages}, L2-normalised
     */
    public static PushReport pushPassages(
            EngineClient client,
            String name,
            PassageCorpus passages,
            float[][] vectors,
            String modelId,
            Spec spec,
            int batchDocs,
            ProgressListener progress,
            CancellationToken cancel) {
        if (vectors.length != passages.size()) {
            throw new IllegalArgumentException(vectors.length + " vectors for " + passages.size() + " passages");
        }
        Corpus corpus = passages.corpus();
        Map<String, List<float[]>> byDocument = new HashMap<>();
        for (int i = 0; i < vectors.length; i++) {
            byDocument
                    .computeIfAbsent(passages.documentIds().get(i), k -> new ArrayList<>())
                    .add(vectors[i]);
        }
        float[][][] perDocument = new float[corpus.size()][][];
        for (int i = 0; i < corpus.size(); i++) {
            perDocument[i] = byDocument.get(corpus.get(i).id()).toArray(float[][]::new);
        }
        int dim = vectors.length == 0 ? 0 : vectors[0].length;
        Meta meta = new Meta(
                modelId,
                corpus.fingerprint(),
                corpus.size(),
                dim,
                spec.bm25(),
                passages.windows().window(),
                passages.windows().stride());
        return push(client, name, corpus, perDocument, meta, spec, batchDocs, progress, cancel);
    }

    private static PushReport push(
            EngineClient client,
            String name,
            Corpus corpus,
            float[][][] vectors,
            Meta wanted,
            Spec spec,
            int batchDocs,
            ProgressListener progress,
            CancellationToken cancel) {
        long t0 = System.nanoTime();
        int replicas = createOrCheck(client, name, spec, wanted, progress);
        boolean created = replicas >= 0;
        int retries = 0;
        int n = corpus.size();
        progress.progress(0, n, "pushing to " + name);
        for (int start = 0; start < n; start += batchDocs) {
            cancel.check();
            int end = Math.min(n, start + batchDocs);
            List<Integer> pending = new ArrayList<>();
            for (int i = start; i < end; i++) {
                pending.add(i);
            }
            retries += bulk(client, name, corpus, vectors, wanted.passages(), pending, cancel);
            progress.progress(end, n, "pushing to " + name);
        }
        client.require(client.post("/" + encode(name) + "/_refresh", null), "refreshing index '" + name + "'");
        long count = count(client, name);
        return new PushReport(created, n, count, retries, (System.nanoTime() - t0) / 1e9, replicas);
    }

    /** Creates the index (returning the replicas it got) or checks the existing one (returning -1). */
    private static int createOrCheck(
            EngineClient client, String name, Spec spec, Meta wanted, ProgressListener progress) {
        EngineClient.Response head = client.send("HEAD", "/" + encode(name), null, "application/json");
        if (head.status() == 200) {
            Meta found = meta(client, name);
            requireSame(found, name, wanted.modelId(), wanted.corpusFingerprint());
            if (found.passageWindow() != wanted.passageWindow() || found.passageStride() != wanted.passageStride()) {
                throw new EngineException("index '" + name + "' holds " + readingOf(found) + ", not "
                        + readingOf(wanted) + ": push this reading to another --name");
            }
            return -1;
        }
        int replicas = replicasTheClusterHolds(client, spec.replicas(), progress);
        Spec held = new Spec(spec.m(), spec.efConstruction(), spec.shards(), replicas, spec.bm25());
        EngineClient.Response r = client.put("/" + encode(name), createBody(held, wanted));
        client.require(r, "creating index '" + name + "'");
        // Replicas must be allocated before loading, or a node lost now loses the only copy; with no more replicas
        // than other data nodes, green is reachable (a replica is never put on its primary's node).
        client.get("/_cluster/health/" + encode(name) + "?wait_for_status=" + (replicas > 0 ? "green" : "yellow")
                + "&timeout=60s");
        return replicas;
    }

    /**
     * {@code wanted} replicas, or as many as the cluster's data nodes can hold (one fewer than the nodes: a replica
     * never shares its primary's node), said at once through {@code progress} when fewer.
     */
    static int replicasTheClusterHolds(EngineClient client, int wanted, ProgressListener progress) {
        int dataNodes = client.require(client.get("/_cluster/health"), "reading the cluster's health")
                .body()
                .path("number_of_data_nodes")
                .asInt(1);
        int held = Math.min(wanted, Math.max(0, dataNodes - 1));
        if (held < wanted) {
            progress.progress(
                    0,
                    -1,
                    "the cluster has " + dataNodes + " data node" + (dataNodes == 1 ? "" : "s") + ": creating the index"
                            + " with " + held + " replica" + (held == 1 ? "" : "s") + " instead of " + wanted
                            + " (a replica needs a node other than its primary's; start more nodes for more copies)");
        }
        return held;
    }

    private static final int MAX_ATTEMPTS = 8;

    /** Sends the documents {@code pending} until each is acknowledged; returns how many retries that took. */
    private static int bulk(
            EngineClient client,
            String name,
            Corpus corpus,
            float[][][] vectors,
            boolean passages,
            List<Integer> pending,
            CancellationToken cancel) {
        int retries = 0;
        long backoffMs = 200;
        String lastError = "";
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            if (attempt > MAX_ATTEMPTS) {
                throw new EngineException("bulk load into '" + name + "' at " + client.base() + " still failing after "
                        + MAX_ATTEMPTS + " attempts: " + lastError + " (run the same push again to resume)");
            }
            cancel.check();
            StringBuilder nd = new StringBuilder(pending.size() * 4096);
            for (int i : pending) {
                Document d = corpus.get(i);
                ObjectNode action = EngineClient.JSON.createObjectNode();
                action.putObject("index").put("_index", name).put("_id", d.id());
                ObjectNode source = EngineClient.JSON.createObjectNode();
                source.put("id", d.id()).put(ORDINAL, i).put(TEXT, d.text());
                if (passages) {
                    ArrayNode nested = source.putArray(PASSAGES);
                    for (float[] passage : vectors[i]) {
                        ArrayNode v = nested.addObject().putArray(VECTOR);
                        for (float x : passage) {
                            v.add(x);
                        }
                    }
                } else {
                    ArrayNode v = source.putArray(VECTOR);
                    for (float x : vectors[i][0]) {
                        v.add(x);
                    }
                }
                nd.append(action).append('\n').append(source).append('\n');
            }
            List<Integer> failed = new ArrayList<>();
            try {
                EngineClient.Response r = client.postNdjson("/_bulk", nd.toString());
                if (r.status() == 429 || r.status() >= 500) {
                    failed.addAll(
                            pending); // the whole request was rejected (back-pressure) or a node failed: all again
                    lastError = r.errorReason();
                } else {
                    client.require(r, "bulk load into '" + name + "'");
                    JsonNode items = r.body().path("items");
                    for (int k = 0; k < pending.size(); k++) {
                        JsonNode item = items.path(k).path("index");
                        int status = item.path("status").asInt(500);
                        if (status == 429 || status >= 500) {
                            failed.add(pending.get(k));
                            lastError = item.path("error").path("reason").asText("HTTP " + status);
                        } else if (status >= 300) {
                            throw new EngineException(
                                    "document '" + corpus.get(pending.get(k)).id() + "' refused by '" + name + "': "
                                            + item.path("error").path("reason").asText("HTTP " + status));
                        }
                    }
                }
            } catch (EngineException e) {
                if (e.getCause() == null) {
                    throw e; // a refusal, not a transport failure
                }
                failed.addAll(pending); // connection lost (a node died mid-request): the whole batch again
                lastError = e.getMessage();
            }
            if (!failed.isEmpty()) {
                retries++;
                sleep(backoffMs);
                backoffMs = Math.min(10_000, backoffMs * 2);
            }
            pending = failed;
        }
        return retries;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("interrupted during the bulk load");
        }
    }

    static String encode(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8);
    }

    /** "one vector per document" or "passages of 128-token windows, stride 63". */
    static String readingOf(Meta m) {
        return m.passages()
                ? "passages of " + m.passageWindow() + "-token windows, stride " + m.passageStride()
                : "one vector per document";
    }

    static String describe(Meta m) {
        return String.format(
                Locale.ROOT,
                "%s, %,d documents × %d, BM25 %s",
                m.modelId(),
                m.documents(),
                m.dimension(),
                m.bm25().analyzer().cliName());
    }
}
