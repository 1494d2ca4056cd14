package dev.nsw.retrieval;

import dev.nsw.data.Document;
import dev.nsw.data.GoldPair;
import dev.nsw.data.Query;
import dev.nsw.data.RecallRun;
import dev.nsw.data.RetrievalDataset;
import dev.nsw.data.ScoredDoc;
import dev.nsw.encoder.TextEncoder;
import dev.nsw.eval.MetricsReport;
import dev.nsw.eval.QueryOutcome;
import dev.nsw.eval.RetrievalMetrics;
import dev.nsw.eval.Scoring;
import dev.nsw.index.ExactVectorIndex;
import dev.nsw.index.VectorIndex;
import dev.nsw.job.CancellationToken;
import dev.nsw.job.ProgressListener;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A 2-D map of a dense model's embedding space: the corpus and the evaluation queries projected with PCA
 * ({@link PcaBasis}), each query linked to its gold document and to its top-1 hit (exact search over the
 * whole corpus), coloured found (top-1 hit is a gold document) or missed.
 *
 * <p>Steps, so that before/after training maps show the same points: {@link #embed} one {@link Space} per
 * model (full corpus + queries, top 10 by exact cosine, {@link RetrievalMetrics} per-query outcomes);
 * {@link #sample} once over all spaces (every query's gold documents and top-1 hits are kept; the rest of
 * the corpus fills up to {@link #MAX_POINTS} points, chosen with a fixed seed); {@link #project} each space
 * with one basis: fitted on the first model's sampled points and applied unchanged to a model of the same
 * dimension. Models of different dimensions cannot share a basis: the later map then gets its own PCA,
 * rotated (or reflected) onto the first by 2-D orthogonal Procrustes over the same points
 * ({@link View#alignedTo}), and says so in {@link View#basisNote}.
 */
public final class EmbeddingMap {
    /** Above this many points (documents + queries) the map is a seeded sample; 30k stay responsive to draw. */
    public static final int MAX_POINTS = 30_000;

    public static final long DEFAULT_SEED = 42;
    private static final int DEPTH = 10;

    private EmbeddingMap() {}

    /**
     * One model's embeddings of the evaluation set.
     *
     * @param corpus [N, D] unit vectors of every corpus document, in corpus order
     * @param queries [Q, D] unit vectors of the queries, in the set's order
     * @param report the run's metrics; {@code perQuery} is in query order
     * @param run the top 10 per query (exact cosine)
     */
    public record Space(String model, float[][] corpus, float[][] queries, MetricsReport report, RecallRun run) {
        public int dimension() {
            return corpus.length == 0 ? 0 : corpus[0].length;
        }
    }

    /** Embeds the corpus (or takes its cached vectors) and the queries, and recalls each query's top 10 exactly. */
    public static Space embed(
            String label,
            TextEncoder encoder,
            RetrievalDataset set,
            float[][] corpusVectors,
            ProgressListener progress,
            CancellationToken cancel) {
        return embed(label, encoder, set, corpusVectors, null, progress, cancel);
    }

    /**
     * {@link #embed} with the queries' vectors too when they are cached ({@code queryVectors[i]} is query i of the
     * set; null embeds them).
     */
    public static Space embed(
            String label,
            TextEncoder encoder,
            RetrievalDataset set,
            float[][] corpusVectors,
            float[][] queryVectors,
            ProgressListener progress,
            CancellationToken cancel) {
        float[][] corpus = corpusVectors != null
                ? corpusVectors
                : DenseRecall.embed(
                        encoder,
                        set.corpus().documents().stream().map(Document::text).toList(),
                        "corpus",
                        progress,
                        cancel);
        float[][] queries = queryVectors != null
                ? queryVectors
                : DenseRecall.embed(
                        encoder, set.queries().stream().map(Query::text).toList(), "queries", progress, cancel);
        cancel.check();
        return space(label, encoder.modelId(), set, corpus, queries, progress);
    }

    /**
     * One model's space from its vectors: each query's top 10 by exact cosine over the whole corpus, made as every
     * run is ({@link Scoring#asWritten}: a BEIR query's own document is never its top-1 hit), and its metrics.
     *
     * @param corpus [N, D] unit vectors, row i = document i of the corpus
     * @param queries [Q, D] unit vectors, row i = query i of the set
     */
    public static Space space(
            String label,
            String modelId,
            RetrievalDataset set,
            float[][] corpus,
            float[][] queries,
            ProgressListener progress) {
        if (corpus.length != set.corpus().size()) {
            throw new IllegalArgumentException(
                    corpus.length + " corpus vectors for " + set.corpus().size() + " documents");
        }
        if (queries.length != set.queries().size()) {
            throw new IllegalArgumentException(
                    queries.length + " query vectors for " + set.queries().size() + " queries");
        }
        VectorIndex index = ExactVectorIndex.builder(modelId)
                .build(
                        corpus,
                        set.corpus().documents().stream().map(Document::id).toList());
        Scoring scoring = Scoring.defaultsFor(set);
        RecallRun run = scoring.asWritten(
                DenseRecall.search(index, queries, set.queries(), scoring.retrievalDepth(DEPTH), progress), DEPTH);
        return new Space(label, corpus, queries, RetrievalMetrics.evaluate(set, run, scoring), run);
    }

    /**
     * Which points a map shows.
     *
     * @param queries query ordinals (set order)
     * @param documents corpus ordinals (corpus order)
     * @param sampled true when not every query and document is shown
     */
    public record Sample(
            int[] queries, int[] documents, boolean sampled, int totalQueries, int totalDocuments, long seed) {
        public int points() {
            return queries.length + documents.length;
        }
    }

    /**
     * Chooses the points: everything when the corpus and the queries fit in {@code maxPoints}; otherwise at most a
     * third of the budget in queries (seeded), all their gold documents and top-1 hits in every space, and seeded
     * random documents for the rest.
     */
    public static Sample sample(RetrievalDataset set, List<Space> spaces, int maxPoints, long seed) {
        int q = set.queries().size();
        int n = set.corpus().size();
        if (q + n <= maxPoints) {
            return new Sample(range(q), range(n), false, q, n, seed);
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[] queries = q <= maxPoints / 3 ? range(q) : choose(q, maxPoints / 3, random);
        Map<String, Integer> ordinal = new HashMap<>();
        for (int i = 0; i < n; i++) {
            ordinal.put(set.corpus().get(i).id(), i);
        }
        Set<Integer> docs = new LinkedHashSet<>();
        for (int qi : queries) {
            String id = set.queries().get(qi).id();
            set.relevant(id).forEach(d -> docs.add(ordinal.get(d)));
            for (Space s : spaces) {
                List<ScoredDoc> top = s.run().ranking(id);
                if (!top.isEmpty()) {
                    docs.add(ordinal.get(top.getFirst().docId()));
                }
            }
        }
        docs.remove(null);
        int fill = Math.max(0, maxPoints - queries.length - docs.size());
        int[] order = range(n);
        shuffle(order, random);
        for (int i = 0; i < order.length && fill > 0; i++) {
            if (docs.add(order[i])) {
                fill--;
            }
        }
        int[] documents = docs.stream().mapToInt(Integer::intValue).sorted().toArray();
        return new Sample(queries, documents, true, q, n, seed);
    }

    /** A document on the map; {@code gold} when it is a gold target of a shown query. */
    public record DocPoint(int ordinal, String id, String text, double x, double y, boolean gold) {}

    /**
     * A query on the map.
     *
     * @param gold ordinal in {@link View#documents()} of its first gold document, -1 when none is shown
     * @param top1 ordinal in {@link View#documents()} of its top-1 hit, -1 when none
     * @param firstRelevantRank rank of its first gold document in the model's top 10, 0 when not there
     */
    public record QueryPoint(String id, String text, double x, double y, int gold, int top1, int firstRelevantRank) {
        /** The top-1 hit is a gold document. */
        public boolean found() {
            return firstRelevantRank == 1;
        }
    }

    /**
     * One model's map.
     *
     * @param basisNote how the coordinates were made, for legends and CSV headers
     */
    public record View(
            String model,
            PcaBasis basis,
            String basisNote,
            List<DocPoint> documents,
            List<QueryPoint> queries,
            Sample sample) {
        public long found() {
            return queries.stream().filter(QueryPoint::found).count();
        }

        /**
         * This view rotated (or reflected) about its centroid onto {@code reference}'s coordinates of the same
         * points: for a 2-D orthogonal Procrustes fit the angle θ = atan2(Σ (x₂y₁ − x₁y₂), Σ (x₁y₁ + x₂y₂)) over
         * centred points x (reference) and y (this) maximises Σ x·R(θ)y; the reflection y₂ → −y₂ is taken when it
         * fits better. Distances within the map are unchanged.
         */
        public View alignedTo(View reference, String note) {
            int n = documents.size() + queries.size();
            double[][] x = coords(reference);
            double[][] y = coords(this);
            if (x.length != n) {
                throw new IllegalArgumentException("the maps show different points: " + x.length + " vs " + n);
            }
            double[] cx = centroid(x);
            double[] cy = centroid(y);
            double best = Double.NEGATIVE_INFINITY;
            double[][] rotation = null;
            for (int flip : new int[] {1, -1}) {
                double a = 0;
                double b = 0;
                for (int i = 0; i < n; i++) {
                    double x1 = x[i][0] - cx[0];
                    double x2 = x[i][1] - cx[1];
                    double y1 = y[i][0] - cy[0];
                    double y2 = flip * (y[i][1] - cy[1]);
                    a += x1 * y1 + x2 * y2;
                    b += x2 * y1 - x1 * y2;
                }
                double fit = Math.hypot(a, b);
                if (fit > best) {
                    best = fit;
                    double theta = Math.atan2(b, a);
                    double c = Math.cos(theta);
                    double s = Math.sin(theta);
                    rotation = new double[][] {{c, -s * flip}, {s, c * flip}};
                }
            }
            double[][] r = rotation;
            List<DocPoint> docs = new ArrayList<>(documents.size());
            for (DocPoint d : documents) {
                double[] p = apply(r, d.x() - cy[0], d.y() - cy[1], cx);
                docs.add(new DocPoint(d.ordinal(), d.id(), d.text(), p[0], p[1], d.gold()));
            }
            List<QueryPoint> qs = new ArrayList<>(queries.size());
            for (QueryPoint qp : queries) {
                double[] p = apply(r, qp.x() - cy[0], qp.y() - cy[1], cx);
                qs.add(new QueryPoint(qp.id(), qp.text(), p[0], p[1], qp.gold(), qp.top1(), qp.firstRelevantRank()));
            }
            return new View(model, basis, note, docs, qs, sample);
        }

        private static double[] apply(double[][] r, double u, double v, double[] shift) {
            return new double[] {r[0][0] * u + r[0][1] * v + shift[0], r[1][0] * u + r[1][1] * v + shift[1]};
        }

        private static double[][] coords(View v) {
            List<double[]> out = new ArrayList<>();
            v.documents.forEach(d -> out.add(new double[] {d.x(), d.y()}));
            v.queries.forEach(q -> out.add(new double[] {q.x(), q.y()}));
            return out.toArray(double[][]::new);
        }

        private static double[] centroid(double[][] p) {
            double[] c = new double[2];
            for (double[] xy : p) {
                c[0] += xy[0] / p.length;
                c[1] += xy[1] / p.length;
            }
            return c;
        }
    }

    /** Fits a basis on the sampled points (documents and queries) of one space. */
    public static PcaBasis fitBasis(Space space, Sample sample) {
        float[][] rows = new float[sample.points()][];
        int i = 0;
        for (int d : sample.documents()) {
            rows[i++] = space.corpus()[d];
        }
        for (int q : sample.queries()) {
            rows[i++] = space.queries()[q];
        }
        return PcaBasis.fit(rows, sample.seed());
    }

    /** Projects the sampled points of a space with {@code basis}. */
    public static View project(RetrievalDataset set, Space space, Sample sample, PcaBasis basis, String basisNote) {
        Map<String, Integer> shown = new HashMap<>();
        for (int i = 0; i < sample.documents().length; i++) {
            shown.put(set.corpus().get(sample.documents()[i]).id(), i);
        }
        Map<String, String> firstGold = new HashMap<>();
        for (GoldPair g : set.gold()) {
            firstGold.putIfAbsent(g.queryId(), g.docId());
        }
        Set<String> goldShown = new java.util.HashSet<>();
        List<QueryPoint> queries = new ArrayList<>(sample.queries().length);
        List<QueryOutcome> outcomes = space.report().perQuery();
        for (int qi : sample.queries()) {
            Query q = set.queries().get(qi);
            double[] xy = basis.project(space.queries()[qi]);
            List<ScoredDoc> top = space.run().ranking(q.id());
            String gold = firstGold.get(q.id());
            if (gold != null) {
                goldShown.addAll(set.relevant(q.id()));
            }
            int goldAt = gold == null ? -1 : shown.getOrDefault(gold, -1);
            int top1At = top.isEmpty() ? -1 : shown.getOrDefault(top.getFirst().docId(), -1);
            queries.add(new QueryPoint(
                    q.id(),
                    q.text(),
                    xy[0],
                    xy[1],
                    goldAt,
                    top1At,
                    outcomes.get(qi).firstRelevantRank()));
        }
        List<DocPoint> docs = new ArrayList<>(sample.documents().length);
        for (int d : sample.documents()) {
            Document doc = set.corpus().get(d);
            double[] xy = basis.project(space.corpus()[d]);
            docs.add(new DocPoint(d, doc.id(), doc.text(), xy[0], xy[1], goldShown.contains(doc.id())));
        }
        return new View(space.model(), basis, basisNote, docs, queries, sample);
    }

    /**
     * Maps of one or more spaces of the same set on the same points: the first space's PCA basis for all of
     * them where the dimension matches, Procrustes alignment to the first map where it does not.
     */
    public static List<View> maps(RetrievalDataset set, List<Space> spaces, int maxPoints, long seed) {
        Sample sample = sample(set, spaces, maxPoints, seed);
        Space first = spaces.getFirst();
        PcaBasis basis = fitBasis(first, sample);
        String variance = String.format(
                java.util.Locale.ROOT,
                "PC1 %.1f%%, PC2 %.1f%% of the variance",
                100 * basis.explained(0),
                100 * basis.explained(1));
        List<View> views = new ArrayList<>();
        View reference = project(set, first, sample, basis, "PCA of " + first.model() + " (" + variance + ")");
        views.add(reference);
        for (Space s : spaces.subList(1, spaces.size())) {
            if (s.dimension() == first.dimension()) {
                views.add(project(
                        set, s, sample, basis, "the same PCA basis as " + first.model() + " (" + variance + " there)"));
            } else {
                PcaBasis own = fitBasis(s, sample);
                View v = project(set, s, sample, own, "");
                views.add(v.alignedTo(
                        reference,
                        String.format(
                                java.util.Locale.ROOT,
                                "its own PCA (%d-d, PC1 %.1f%%, PC2 %.1f%%), rotated onto %s's map (%d-d: no shared basis)",
                                s.dimension(),
                                100 * own.explained(0),
                                100 * own.explained(1),
                                first.model(),
                                first.dimension())));
            }
        }
        return views;
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        Arrays.setAll(r, i -> i);
        return r;
    }

    /** k distinct ordinals of [0, n), seeded, in ascending order. */
    private static int[] choose(int n, int k, SplittableRandom random) {
        int[] all = range(n);
        shuffle(all, random);
        int[] pick = Arrays.copyOf(all, k);
        Arrays.sort(pick);
        return pick;
    }

    private static void shuffle(int[] a, SplittableRandom random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
