package dev.nsw.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nsw.cli.NswCommand;
import dev.nsw.data.Corpus;
import dev.nsw.data.Document;
import dev.nsw.data.Query;
import dev.nsw.data.ReadOptions;
import dev.nsw.data.RecallRun;
import dev.nsw.data.RetrievalDataset;
import dev.nsw.data.ScoredDoc;
import dev.nsw.encoder.EncoderOptions;
import dev.nsw.encoder.InferenceRuntime;
import dev.nsw.encoder.TextEncoder;
import dev.nsw.eval.RetrievalMetrics;
import dev.nsw.index.VectorIndex;
import dev.nsw.job.CancellationToken;
import dev.nsw.job.ProgressListener;
import dev.nsw.lexical.Bm25Index;
import dev.nsw.lexical.Bm25Options;
import dev.nsw.retrieval.DenseRecall;
import dev.nsw.retrieval.PassageCorpus;
import dev.nsw.text.PassageWindows;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A real 2-node OpenSearch cluster (two child JVMs, as root, offline) shared by every engine test: the engine's
 * dense and BM25 runs against the local code on the same corpus, model and vectors; one-line errors; a node killed
 * by its pid during a bulk load. The kill comes last: the cluster is not whole afterwards.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EngineClusterTest {
    static final Path SAMPLE = Path.of("sample-data", "zh-helpdesk");

    @TempDir
    static Path dir;

    static EngineCluster.State cluster;
    static EngineClient client;
    static RetrievalDataset helpdesk;
    static TextEncoder encoder;
    static float[][] vectors;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = EngineCluster.start(
                dir.resolve("engine"),
                2,
                0,
                "512m",
                Duration.ofMinutes(6),
                ProgressListener.NONE,
                CancellationToken.NEVER);
        client = new EngineClient(cluster.url());
        helpdesk = RetrievalDataset.readRecipe(
                SAMPLE.resolve("test.csv"), SAMPLE.resolve("corpus.csv"), ReadOptions.STRICT);
        encoder = InferenceRuntime.open("bge-small-zh-v1.5", EncoderOptions.defaults(), InferenceRuntime.Choice.AUTO);
        vectors = DenseRecall.embed(
                encoder,
                helpdesk.corpus().documents().stream().map(Document::text).toList(),
                "corpus",
                ProgressListener.NONE,
                CancellationToken.NEVER);
    }

    @AfterAll
    static void stopCluster() {
        if (encoder != null) {
            encoder.close();
        }
        if (cluster != null) {
            List<EngineCluster.NodeProcess> stopped = EngineCluster.stop(dir.resolve("engine"), Duration.ofSeconds(60));
            assertThat(stopped).isNotEmpty();
            assertThat(cluster.nodes()).noneMatch(EngineCluster.NodeProcess::alive);
        }
    }

    static EngineIndex.Spec spec(Corpus corpus, int replicas) {
        return new EngineIndex.Spec(16, 100, 2, replicas, Bm25Options.auto(corpus));
    }

    @Test
    @Order(1)
    void startedClusterIsRecordedWithTwoLiveNodesAndTheKnnPlugin() {
        var recorded = EngineCluster.read(dir.resolve("engine")).orElseThrow();
        assertThat(recorded.nodes()).hasSize(2).allMatch(EngineCluster.NodeProcess::alive);
        assertThat(recorded.url()).startsWith("http://127.0.0.1:");
        assertThat(client.health("green", 30)).isEqualTo("green");
        var plugins = client.get("/_cat/plugins?format=json").body();
        List<String> names = new ArrayList<>();
        plugins.forEach(p -> names.add(p.path("component").asText()));
        assertThat(names).contains("opensearch-knn");
        // one cluster manager (node-0): node-1 holds data and can be lost without stopping the cluster
        var roles = new java.util.HashMap<String, String>();
        client.get("/_cat/nodes?format=json&h=name,node.role")
                .body()
                .forEach(nd ->
                        roles.put(nd.path("name").asText(), nd.path("node.role").asText()));
        assertThat(roles.get("node-0")).contains("m");
        assertThat(roles.get("node-1")).contains("d").doesNotContain("m");
        // a second start from the same folder is refused while the nodes run
        assertThatThrownBy(() -> EngineCluster.start(
                        dir.resolve("engine"),
                        2,
                        0,
                        "512m",
                        Duration.ofSeconds(10),
                        ProgressListener.NONE,
                        CancellationToken.NEVER))
                .hasMessageContaining("an engine already runs from");
    }

    @Test
    @Order(2)
    void engineRunsEqualTheLocalOnes() throws Exception {
        Corpus corpus = helpdesk.corpus();
        var report = EngineIndex.push(
                client,
                "helpdesk",
                corpus,
                vectors,
                encoder.modelId(),
                spec(corpus, 1),
                25,
                ProgressListener.NONE,
                CancellationToken.NEVER);
        assertThat(report.created()).isTrue();
        assertThat(report.countAfter()).isEqualTo(corpus.size());
        List<Query> queries = helpdesk.queries();

        // dense: the engine's Lucene HNSW against local exact search and local HNSW over the same vectors
        RecallRun engineDense = EngineRetrievers.recallAll(
                new EngineRetrievers.Dense(client, "helpdesk", encoder, 100),
                queries,
                10,
                ProgressListener.NONE,
                CancellationToken.NEVER);
        VectorIndex exact = DenseRecall.buildIndex(
                encoder.modelId(),
                vectors,
                corpus,
                DenseRecall.IndexSpec.exact(),
                ProgressListener.NONE,
                CancellationToken.NEVER);
        VectorIndex hnsw = DenseRecall.buildIndex(
                encoder.modelId(),
                vectors,
                corpus,
                new DenseRecall.IndexSpec("hnsw", 16, 100, 100),
                ProgressListener.NONE,
                CancellationToken.NEVER);
        RecallRun localExact =
                DenseRecall.recall(encoder, exact, queries, 10, ProgressListener.NONE, CancellationToken.NEVER);
        RecallRun localHnsw =
                DenseRecall.recall(encoder, hnsw, queries, 10, ProgressListener.NONE, CancellationToken.NEVER);
        double engineR10 = RetrievalMetrics.evaluate(helpdesk, engineDense).recall(10);
        assertThat(engineR10)
                .isCloseTo(RetrievalMetrics.evaluate(helpdesk, localExact).recall(10), within(0.5));
        assertThat(engineR10)
                .isCloseTo(RetrievalMetrics.evaluate(helpdesk, localHnsw).recall(10), within(0.5));
        for (Query q : queries) {
            // the engine's score, mapped back from the k-NN plugin's scale, is the cosine computed here
            ScoredDoc top = engineDense.ranking(q.id()).get(0);
            float[] qv = encoder.embed(List.of(q.text()))[0];
            float[] dv = vectors[indexOf(corpus, top.docId())];
            double dot = 0;
            for (int i = 0; i < qv.length; i++) {
                dot += (double) qv[i] * dv[i];
            }
            assertThat(top.score()).isCloseTo(dot, within(1e-4));
            assertThat(top.score()).isCloseTo(localExact.ranking(q.id()).get(0).score(), within(1e-4));
        }

        // BM25: the same documents in the same order with the same scores (dfs_query_then_fetch over 2 shards)
        RecallRun engineBm25;
        try (var bm25 = new EngineRetrievers.Bm25(client, "helpdesk")) {
            engineBm25 = EngineRetrievers.recallAll(bm25, queries, 20, ProgressListener.NONE, CancellationToken.NEVER);
        }
        RecallRun localBm25;
        try (Bm25Index local = Bm25Index.buildInMemory(
                corpus, Bm25Options.auto(corpus), ProgressListener.NONE, CancellationToken.NEVER)) {
            localBm25 = local.searchAll(queries, 20, 1, ProgressListener.NONE, CancellationToken.NEVER);
        }
        for (Query q : queries) {
            List<ScoredDoc> e = engineBm25.ranking(q.id());
            List<ScoredDoc> l = localBm25.ranking(q.id());
            assertThat(e).as(q.text()).hasSameSizeAs(l);
            for (int i = 0; i < l.size(); i++) {
                assertThat(e.get(i).docId())
                        .as("%s rank %d", q.text(), i + 1)
                        .isEqualTo(l.get(i).docId());
                assertThat(e.get(i).score()).isCloseTo(l.get(i).score(), within(1e-4));
            }
        }
    }

    @Test
    @Order(3)
    void anIndexOfPassagesAnswersByDocumentAtItsBestPassageAsLocalMaxPDoes() throws Exception {
        Corpus corpus = helpdesk.corpus();
        List<Query> queries = helpdesk.queries();
        try (TextEncoder reads16 = InferenceRuntime.open(
                "bge-small-zh-v1.5", EncoderOptions.defaults().withMaxSeqLength(16), InferenceRuntime.Choice.AUTO)) {
            PassageCorpus cut = DenseRecall.split(
                    reads16, corpus, PassageWindows.of(16), ProgressListener.NONE, CancellationToken.NEVER);
            assertThat(cut.size()).isGreaterThan(corpus.size()); // the articles are longer than 14 word pieces
            float[][] passageVectors =
                    DenseRecall.embed(reads16, cut.texts(), "passages", ProgressListener.NONE, CancellationToken.NEVER);
            var report = EngineIndex.pushPassages(
                    client,
                    "helpdesk-passages",
                    cut,
                    passageVectors,
                    reads16.modelId(),
                    spec(corpus, 1),
                    25,
                    ProgressListener.NONE,
                    CancellationToken.NEVER);
            assertThat(report.countAfter()).isEqualTo(corpus.size()); // documents, not passages
            RecallRun engine = EngineRetrievers.recallAll(
                    new EngineRetrievers.Dense(client, "helpdesk-passages", reads16, 100),
                    queries,
                    10,
                    ProgressListener.NONE,
                    CancellationToken.NEVER);
            VectorIndex local = DenseRecall.buildIndex(
                    reads16.modelId(),
                    passageVectors,
                    cut,
                    DenseRecall.IndexSpec.exact(),
                    ProgressListener.NONE,
                    CancellationToken.NEVER);
            RecallRun localRun =
                    DenseRecall.recall(reads16, local, queries, 10, ProgressListener.NONE, CancellationToken.NEVER);
            assertThat(RetrievalMetrics.evaluate(helpdesk, engine).recall(10))
                    .isCloseTo(RetrievalMetrics.evaluate(helpdesk, localRun).recall(10), within(0.5));
            for (Query q : queries) {
                List<ScoredDoc> e = engine.ranking(q.id());
                assertThat(e)
                        .extracting(ScoredDoc::docId)
                        .doesNotHaveDuplicates()
                        .hasSize(10);
                // the best document and its score: its best passage's cosine, as local MaxP over exact search
                assertThat(e.get(0).score())
                        .as(q.text())
                        .isCloseTo(localRun.ranking(q.id()).get(0).score(), within(1e-4));
            }
            // read at another length than the passages were cut at: refused in one line
            assertOneLine(
                    assertThatThrownBy(() -> new EngineRetrievers.Dense(client, "helpdesk-passages", encoder, 100))
                            .hasMessageContaining("give --max_seq_length 16"));
            // the same name pushed with one vector per document: refused, the index is not mixed
            assertOneLine(assertThatThrownBy(() -> EngineIndex.push(
                            client,
                            "helpdesk-passages",
                            corpus,
                            vectors,
                            reads16.modelId(),
                            spec(corpus, 1),
                            25,
                            ProgressListener.NONE,
                            CancellationToken.NEVER))
                    .hasMessageContaining("holds passages of 16-token windows, stride 7, not one vector per document"));
        }
    }

    private static int indexOf(Corpus corpus, String id) {
        for (int i = 0; i < corpus.size(); i++) {
            if (corpus.get(i).id().equals(id)) {
                return i;
            }
        }
        throw new AssertionError("no document " + id);
    }

    @Test
    @Order(4)
    void errorsAreOneLine() throws Exception {
        assertOneLine(assertThatThrownBy(() -> new EngineClient("localhost:9200"))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("bad engine URL 'localhost:9200'"));
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        int closedPort = port;
        assertOneLine(assertThatThrownBy(() -> new EngineClient("http://127.0.0.1:" + closedPort).get("/"))
                .isInstanceOf(EngineUnavailableException.class)
                .hasMessageContaining("no engine answers at http://127.0.0.1:" + closedPort));
        assertOneLine(assertThatThrownBy(() -> EngineIndex.meta(client, "missing"))
                .isInstanceOf(EngineIndexNotFoundException.class)
                .hasMessageContaining("index 'missing' not found at " + cluster.url()));
        // a dead node listed first is skipped: the client goes on with the next one
        EngineClient deadFirst = new EngineClient("http://127.0.0.1:" + closedPort + "," + cluster.url());
        assertThat(EngineIndex.meta(deadFirst, "helpdesk").documents())
                .isEqualTo(helpdesk.corpus().size());
        assertThat(deadFirst.base().toString()).isEqualTo(cluster.url());
        Corpus corpus = helpdesk.corpus();
        // another model's vectors into this index, or this model's vectors of another corpus: refused
        assertOneLine(assertThatThrownBy(() -> EngineIndex.push(
                        client,
                        "helpdesk",
                        corpus,
                        vectors,
                        "another-model",
                        spec(corpus, 1),
                        25,
                        ProgressListener.NONE,
                        CancellationToken.NEVER))
                .isInstanceOfSatisfying(
                        EngineIndexMismatchException.class,
                        e -> assertThat(e.mismatch()).isEqualTo(EngineIndexMismatchException.Mismatch.MODEL))
                .hasMessageContaining("holds vectors of model " + encoder.modelId()));
        Corpus half = Corpus.of(corpus.documents().subList(0, 50));
        float[][] halfVectors = java.util.Arrays.copyOf(vectors, 50);
        assertOneLine(assertThatThrownBy(() -> EngineIndex.push(
                        client,
                        "helpdesk",
                        half,
                        halfVectors,
                        encoder.modelId(),
                        spec(half, 1),
                        25,
                        ProgressListener.NONE,
                        CancellationToken.NEVER))
                .isInstanceOfSatisfying(
                        EngineIndexMismatchException.class,
                        e -> assertThat(e.mismatch()).isEqualTo(EngineIndexMismatchException.Mismatch.CORPUS))
                .hasMessageContaining("was pushed from another corpus"));
        assertThat(client.get("/helpdesk/_count").body().path("count").asInt()).isEqualTo(corpus.size());

        // the CLI: exit 1 and the one line, for a missing index and for a corpus the index was not pushed from
        StringWriter err = new StringWriter();
        CommandLine cli = NswCommand.commandLine();
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(
                "bm25",
                "--engine",
                cluster.url(),
                "--name",
                "missing",
                "--corpus",
                SAMPLE.resolve("corpus.csv").toString(),
                "--similar_text_pair",
                SAMPLE.resolve("test.csv").toString(),
                "--evaluate");
        assertThat(code).isEqualTo(1);
        assertThat(err.toString().strip())
                .isEqualTo(
                        "nsw: error: index 'missing' not found at " + cluster.url() + " (create it with `nsw push`)");
        // what a workspace's index view shows, through the target a front end keeps (every node's URL)
        EngineTarget target = EngineTarget.of(cluster, "helpdesk");
        EngineIndexStatus status = target.status(target.client());
        assertThat(status.documents()).isEqualTo(corpus.size());
        assertThat(status.primaryShards()).isEqualTo(2);
        assertThat(status.replicas()).isEqualTo(1);
        assertThat(status.health()).isEqualTo("green");
        assertThat(status.nodes()).isEqualTo(2);
        assertThat(status.activeShards()).isEqualTo(4);
        assertThat(status.storeBytes()).isPositive();
        assertThat(status.meta().modelId()).isEqualTo(encoder.modelId());
        assertThat(target.check(target.client(), corpus, encoder.modelId()).documents())
                .isEqualTo(corpus.size());
        assertThatThrownBy(() -> target.check(target.client(), half, null))
                .isInstanceOf(EngineIndexMismatchException.class);
        assertThatThrownBy(() -> EngineTarget.of(cluster, "missing").status(target.client()))
                .isInstanceOf(EngineIndexNotFoundException.class);
        // nsw search --engine: the engine's dense top 10 for a query of the set, through every node's URL
        StringWriter searched = new StringWriter();
        CommandLine search = NswCommand.commandLine();
        search.setOut(new PrintWriter(searched));
        search.setErr(new PrintWriter(new StringWriter()));
        String text = helpdesk.queries().get(0).text();
        assertThat(search.execute(
                        "search",
                        "--engine",
                        cluster.urls(),
                        "--name",
                        "helpdesk",
                        "--corpus",
                        SAMPLE.resolve("corpus.csv").toString(),
                        "--query",
                        text,
                        "--show_top",
                        "3"))
                .isEqualTo(0);
        List<String> lines = searched.toString().lines().toList();
        assertThat(lines.get(0)).isEqualTo("# q1\t" + text);
        String topText = lines.get(1).split("\t")[2];
        RecallRun dense = EngineRetrievers.recallAll(
                new EngineRetrievers.Dense(client, "helpdesk", encoder, 100),
                List.of(new Query("q1", text)),
                3,
                ProgressListener.NONE,
                CancellationToken.NEVER);
        assertThat(topText)
                .isEqualTo(helpdesk.corpus()
                        .byId(dense.ranking("q1").get(0).docId())
                        .orElseThrow()
                        .text());
        // ... and, for a corpus the index was not pushed from, exit 1 and one line
        Path other = dir.resolve("other-corpus.csv");
        java.nio.file.Files.writeString(other, "一段别的文本\n另一段文本\n");
        StringWriter searchErr = new StringWriter();
        search.setErr(new PrintWriter(searchErr));
        assertThat(search.execute(
                        "search",
                        "--engine",
                        cluster.urls(),
                        "--name",
                        "helpdesk",
                        "--corpus",
                        other.toString(),
                        "--query",
                        text))
                .isEqualTo(1);
        assertThat(searchErr.toString().strip())
                .startsWith("nsw: error: index 'helpdesk' was pushed from another corpus");
        // usage: --engine without --name is exit 2
        assertThat(cli.execute(
                        "bm25",
                        "--engine",
                        cluster.url(),
                        "--corpus",
                        SAMPLE.resolve("corpus.csv").toString(),
                        "--similar_text_pair",
                        SAMPLE.resolve("test.csv").toString(),
                        "--evaluate"))
                .isEqualTo(2);
    }

    private static void assertOneLine(org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> thrown) {
        thrown.satisfies(t -> assertThat(t.getMessage()).doesNotContain("\n"));
    }

    @Test
    @Order(5)
    void replicasFitTheClusterAndAnIndexMissingDocumentsIsRefused() throws Exception {
        Corpus corpus = Corpus.of(helpdesk.corpus().documents().subList(0, 40));
        float[][] some = java.util.Arrays.copyOf(vectors, 40);
        List<String> said = new java.util.concurrent.CopyOnWriteArrayList<>();
        long t0 = System.nanoTime();
        var report = EngineIndex.push(
                client,
                "copies",
                corpus,
                some,
                encoder.modelId(),
                spec(corpus, 2), // 2 replicas need 3 data nodes; this cluster has 2
                25,
                (done, total, message) -> said.add(message),
                CancellationToken.NEVER);
        assertThat((System.nanoTime() - t0) / 1e9)
                .as("no 60 s wait for a green that cannot come")
                .isLessThan(45);
        assertThat(report.replicas()).isEqualTo(1);
        assertThat(said.getFirst()).contains("2 data nodes").contains("1 replica instead of 2");
        assertThat(client.get("/copies/_settings")
                        .body()
                        .path("copies")
                        .path("settings")
                        .path("index")
                        .path("number_of_replicas")
                        .asText())
                .isEqualTo("1");
        assertThat(client.health("green", 30)).isEqualTo("green");

        // what a push that timed out leaves: fewer documents than its _meta says (the node has no delete-by-query)
        deleteFirst(corpus, "copies", 5);
        assertOneLine(assertThatThrownBy(() -> new EngineRetrievers.Bm25(client, "copies"))
                .hasMessageContaining("index 'copies' at " + cluster.url() + " holds 35 of the 40 documents")
                .hasMessageContaining("run the same `nsw push` again"));
        assertOneLine(assertThatThrownBy(() -> new EngineRetrievers.Dense(client, "copies", encoder, 100))
                .hasMessageContaining("holds 35 of the 40 documents"));

        // the CLI: exit 1 and the one line (recall, search and evaluate go through the same retrievers)
        deleteFirst(helpdesk.corpus(), "helpdesk", 5);
        dev.nsw.cli.CliRun run = dev.nsw.cli.CliRun.of(
                "bm25",
                "--engine",
                cluster.url(),
                "--name",
                "helpdesk",
                "--corpus",
                SAMPLE.resolve("corpus.csv").toString(),
                "--similar_text_pair",
                SAMPLE.resolve("test.csv").toString(),
                "--evaluate");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err().strip())
                .startsWith("nsw: error: index 'helpdesk' at " + cluster.url() + " holds "
                        + (helpdesk.corpus().size() - 5) + " of the "
                        + helpdesk.corpus().size() + " documents");
    }

    /** Deletes the first {@code n} documents of {@code corpus} from {@code index}, refreshed. */
    private static void deleteFirst(Corpus corpus, String index, int n) {
        for (int i = 0; i < n; i++) {
            client.require(
                    client.send(
                            "DELETE",
                            "/" + index + "/_doc/"
                                    + EngineIndex.encode(corpus.get(i).id()) + "?refresh=true",
                            null,
                            "application/json"),
                    "deleting a document");
        }
    }

    /**
     * The node the client talks to is killed during a bulk load: the client was given node-1 first, so every request
     * goes there until it dies, then to node-0 (node-1, not node-0, because a 2-node cluster has one manager,
     * node-0, and a cluster without its manager stops: EngineCluster.managers). Nothing is lost: the push resends
     * the failed bulk to node-0, whose replicas take over; reads go on through the same client.
     */
    @Test
    @Order(6)
    void theNodeTheClientTalksToKilledDuringTheBulkLoadLosesNothingAndQueriesKeepAnswering() {
        int n = 3000;
        int dim = 32;
        Random random = new Random(13);
        List<Document> docs = new ArrayList<>();
        float[][] vecs = new float[n][dim];
        for (int i = 0; i < n; i++) {
            docs.add(new Document("doc" + i, "document " + i + " about topic " + (i % 37) + " and theme " + (i % 11)));
            double norm = 0;
            for (int j = 0; j < dim; j++) {
                vecs[i][j] = (float) random.nextGaussian();
                norm += vecs[i][j] * vecs[i][j];
            }
            for (int j = 0; j < dim; j++) {
                vecs[i][j] /= (float) Math.sqrt(norm);
            }
        }
        Corpus corpus = Corpus.of(docs);
        // node-1 holds shards but is not the cluster manager (a 2-node cluster has one: EngineCluster.managers)
        EngineCluster.NodeProcess victim = cluster.nodes().get(1);
        EngineClient client =
                new EngineClient(victim.url() + "," + cluster.nodes().get(0).url());
        assertThat(client.base().toString()).isEqualTo(victim.url());
        AtomicBoolean killed = new AtomicBoolean();
        ProgressListener killMidway = (done, total, message) -> {
            if (done >= n / 3 && killed.compareAndSet(false, true)) {
                EngineCluster.killNode(victim);
            }
        };
        var report = EngineIndex.push(
                client,
                "faults",
                corpus,
                vecs,
                "synthetic-32",
                spec(corpus, 1),
                100,
                killMidway,
                CancellationToken.NEVER);
        assertThat(killed).isTrue();
        assertThat(victim.alive()).isFalse();
        assertThat(report.countAfter()).isEqualTo(n);
        assertThat(client.base().toString()).isEqualTo(cluster.nodes().get(0).url()); // failed over, and stayed

        // queries keep answering, from the surviving copies: every document is still found
        try (var bm25 = new EngineRetrievers.Bm25(client, "faults")) {
            for (int i = 0; i < n; i += 500) {
                assertThat(bm25.search("document " + i, 5))
                        .extracting(ScoredDoc::docId)
                        .contains("doc" + i);
            }
        }
        var dense = new EngineRetrievers.Dense(client, "faults", new FixedModel("synthetic-32"), 100);
        for (int i = 0; i < n; i += 250) {
            assertThat(dense.searchVector(vecs[i], 1).get(0).docId()).isEqualTo("doc" + i);
        }
        // the same push again resumes into the same ids: no duplicates
        var again = EngineIndex.push(
                client,
                "faults",
                corpus,
                vecs,
                "synthetic-32",
                spec(corpus, 1),
                500,
                ProgressListener.NONE,
                CancellationToken.NEVER);
        assertThat(again.created()).isFalse();
        assertThat(again.countAfter()).isEqualTo(n);
    }

    /** Only the model id: the dense retriever checks it against the index; these queries come as vectors. */
    record FixedModel(String modelId) implements TextEncoder {
        @Override
        public String name() {
            return modelId;
        }

        @Override
        public int dimension() {
            return 32;
        }

        @Override
        public String runtime() {
            return "none";
        }

        @Override
        public dev.nsw.text.Tokenizer tokenizer() {
            throw new UnsupportedOperationException();
        }

        @Override
        public float[][] embed(
                List<String> texts, dev.nsw.job.ProgressListener progress, dev.nsw.job.CancellationToken cancel) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {}
    }
}
