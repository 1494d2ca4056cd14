package dev.nsw.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nsw.data.Corpus;
import dev.nsw.data.Document;
import dev.nsw.data.GoldPair;
import dev.nsw.data.Query;
import dev.nsw.data.RetrievalDataset;
import dev.nsw.job.ProgressListener;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingMapTest {
    @TempDir
    Path dir;

    /** n documents and q queries; query i's gold is document i; its vector is its gold's plus noise. */
    private static RetrievalDataset dataset(int n, int q) {
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            docs.add(new Document("d" + i, "document, number " + i));
        }
        List<Query> queries = new ArrayList<>();
        List<GoldPair> gold = new ArrayList<>();
        for (int i = 0; i < q; i++) {
            queries.add(new Query("q" + i, "query " + i));
            gold.add(new GoldPair("q" + i, "d" + i, i + 1));
        }
        return new RetrievalDataset("tiny", Corpus.of(docs), queries, gold, List.of());
    }

    private static float[][] unitRows(Random r, int n, int d) {
        float[][] v = new float[n][d];
        for (float[] row : v) {
            double norm = 0;
            for (int j = 0; j < d; j++) {
                row[j] = (float) r.nextGaussian();
                norm += row[j] * row[j];
            }
            for (int j = 0; j < d; j++) {
                row[j] /= (float) Math.sqrt(norm);
            }
        }
        return v;
    }

    /** A space as {@link EmbeddingMap#embed} builds it, from vectors given here instead of an encoder. */
    private static EmbeddingMap.Space space(String name, RetrievalDataset set, float[][] corpus, float[][] queries) {
        return EmbeddingMap.space(name, name, set, corpus, queries, ProgressListener.NONE);
    }

    @Test
    void queriesAreLinkedToGoldAndTopHitAndColouredByTopOneSuccess() {
        RetrievalDataset set = dataset(6, 3);
        Random r = new Random(5);
        float[][] docs = unitRows(r, 6, 4);
        float[][] queries = {docs[0].clone(), docs[1].clone(), docs[5].clone()}; // q2 lands on d5, its gold is d2
        EmbeddingMap.View v = EmbeddingMap.maps(set, List.of(space("m", set, docs, queries)), 1_000, 1)
                .getFirst();
        assertThat(v.sample().sampled()).isFalse();
        assertThat(v.documents()).hasSize(6);
        assertThat(v.queries()).extracting(EmbeddingMap.QueryPoint::found).containsExactly(true, true, false);
        EmbeddingMap.QueryPoint missed = v.queries().get(2);
        assertThat(v.documents().get(missed.gold()).id()).isEqualTo("d2");
        assertThat(v.documents().get(missed.top1()).id()).isEqualTo("d5");
        // a query identical to its top-1 document sits exactly on it
        assertThat(missed.x()).isCloseTo(v.documents().get(missed.top1()).x(), within(1e-6));
        assertThat(v.documents())
                .filteredOn(EmbeddingMap.DocPoint::gold)
                .extracting(EmbeddingMap.DocPoint::id)
                .containsExactly("d0", "d1", "d2");
        // coordinates are the basis applied to the vectors
        double[] xy = v.basis().project(docs[3]);
        assertThat(v.documents().get(3).x()).isEqualTo(xy[0]);
        assertThat(v.documents().get(3).y()).isEqualTo(xy[1]);
    }

    @Test
    void aSecondModelOfTheSameDimensionUsesTheFirstModelsBasis() {
        RetrievalDataset set = dataset(40, 10);
        Random r = new Random(9);
        float[][] before = unitRows(r, 40, 8);
        float[][] after = unitRows(r, 40, 8);
        float[][] qb = Arrays.copyOf(before, 10);
        float[][] qa = Arrays.copyOf(after, 10);
        List<EmbeddingMap.View> views = EmbeddingMap.maps(
                set, List.of(space("before", set, before, qb), space("after", set, after, qa)), 1_000, 1);
        PcaBasis basis = views.getFirst().basis();
        assertThat(views.get(1).basis()).isSameAs(basis);
        assertThat(views.get(1).basisNote()).startsWith("the same PCA basis as before");
        double[] xy = basis.project(after[7]);
        assertThat(views.get(1).documents().get(7).x()).isEqualTo(xy[0]);
        assertThat(views.get(1).documents().get(7).y()).isEqualTo(xy[1]);
    }

    @Test
    void aModelOfAnotherDimensionIsRotatedOntoTheFirstMap() {
        // "after" holds the same geometry in 11 dimensions: rotate each 8-d vector (a fixed orthogonal map built
        // from a Householder reflection) and append three zeros. Its own PCA is the first map up to a rotation or
        // reflection, which the Procrustes fit must undo exactly.
        RetrievalDataset set = dataset(60, 12);
        Random r = new Random(11);
        float[][] before = unitRows(r, 60, 8);
        float[][] qb = new float[12][];
        for (int i = 0; i < 12; i++) {
            qb[i] = before[(i * 7) % 60].clone();
        }
        double[] h = new double[8];
        double hn = 0;
        for (int j = 0; j < 8; j++) {
            h[j] = r.nextGaussian();
            hn += h[j] * h[j];
        }
        float[][] after = new float[60][];
        float[][] qa = new float[12][];
        for (int i = 0; i < 60; i++) {
            after[i] = householder(before[i], h, hn);
        }
        for (int i = 0; i < 12; i++) {
            qa[i] = householder(qb[i], h, hn);
        }
        List<EmbeddingMap.View> views = EmbeddingMap.maps(
                set, List.of(space("before", set, before, qb), space("after", set, after, qa)), 1_000, 1);
        EmbeddingMap.View a = views.getFirst();
        EmbeddingMap.View b = views.get(1);
        assertThat(b.basisNote()).contains("rotated onto before's map", "11-d");
        for (int i = 0; i < 60; i++) {
            assertThat(b.documents().get(i).x()).isCloseTo(a.documents().get(i).x(), within(1e-4));
            assertThat(b.documents().get(i).y()).isCloseTo(a.documents().get(i).y(), within(1e-4));
        }
    }

    /** (I − 2hhᵀ/‖h‖²) v, then three zeros appended. */
    private static float[] householder(float[] v, double[] h, double hn) {
        double dot = 0;
        for (int j = 0; j < 8; j++) {
            dot += h[j] * v[j];
        }
        float[] out = new float[11];
        for (int j = 0; j < 8; j++) {
            out[j] = (float) (v[j] - 2 * dot / hn * h[j]);
        }
        return out;
    }

    @Test
    void aLargeSetIsSampledWithAFixedSeedKeepingEveryGoldAndTopHit() {
        RetrievalDataset set = dataset(500, 90);
        Random r = new Random(2);
        float[][] docs = unitRows(r, 500, 6);
        float[][] queries = unitRows(r, 90, 6); // random queries: top-1 hits mostly not the gold
        EmbeddingMap.Space s = space("m", set, docs, queries);
        EmbeddingMap.Sample sample = EmbeddingMap.sample(set, List.of(s), 200, 4);
        assertThat(sample.sampled()).isTrue();
        assertThat(sample.points()).isEqualTo(200);
        assertThat(sample.queries()).hasSize(66); // a third of the budget
        List<Integer> shown = Arrays.stream(sample.documents()).boxed().toList();
        for (int q : sample.queries()) {
            assertThat(shown).contains(q); // gold of query i is document i
            String top1 = s.run().ranking("q" + q).getFirst().docId();
            assertThat(shown).contains(Integer.parseInt(top1.substring(1)));
        }
        EmbeddingMap.Sample again = EmbeddingMap.sample(set, List.of(s), 200, 4);
        assertThat(again.documents()).isEqualTo(sample.documents());
        assertThat(again.queries()).isEqualTo(sample.queries());
        assertThat(EmbeddingMap.sample(set, List.of(s), 200, 5).documents()).isNotEqualTo(sample.documents());
    }

    @Test
    void writesCsvSvgAndPngOfEveryPoint() throws Exception {
        RetrievalDataset set = dataset(30, 5);
        Random r = new Random(1);
        float[][] docs = unitRows(r, 30, 5);
        float[][] queries = Arrays.copyOf(docs, 5);
        queries[4] = docs[20];
        List<EmbeddingMap.View> views = EmbeddingMap.maps(
                set, List.of(space("m", set, docs, queries), space("m2", set, docs, queries)), 1_000, 1);
        Path csv = dir.resolve("out/map.csv");
        EmbeddingMapFiles.writeCsv(csv, views.getFirst());
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).startsWith("# m: PCA of m").endsWith("all 5 queries and 30 documents");
        assertThat(lines.get(1)).isEqualTo("kind,id,x,y,status,first_relevant_rank,gold_id,top1_id,text");
        assertThat(lines).hasSize(2 + 35);
        assertThat(lines.get(2)).startsWith("query,q0,").contains(",found,1,d0,d0,query 0");
        assertThat(lines.get(6)).startsWith("query,q4,").contains(",missed,0,d4,d20,");
        // texts with commas are quoted
        assertThat(lines.get(7)).startsWith("document,d0,").endsWith(",gold,,,,\"document, number 0\"");

        Path svg = dir.resolve("out/map.svg");
        EmbeddingMapFiles.writeSvg(svg, views, List.of("before", "after"));
        String text = Files.readString(svg);
        // every point of both views plus four legend dots per view
        assertThat(text.split("<circle", -1).length - 1).isEqualTo(2 * (35 + 4));
        assertThat(text).contains(">before</text>", ">after</text>");

        Path png = dir.resolve("out/map.png");
        EmbeddingMapFiles.writePng(png, views, List.of("before", "after"));
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(2 * 640);
        // a found query is drawn in the found colour at its pixel
        assertThat(countColour(image, 0x2e9d4b)).isPositive();
        assertThat(countColour(image, 0xd2352b)).isPositive();
    }

    private static int countColour(BufferedImage image, int rgb) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int p = image.getRGB(x, y) & 0xffffff;
                int dr = Math.abs((p >> 16) - (rgb >> 16));
                int dg = Math.abs((p >> 8 & 0xff) - (rgb >> 8 & 0xff));
                int db = Math.abs((p & 0xff) - (rgb & 0xff));
                if (dr + dg + db < 30) {
                    n++;
                }
            }
        }
        return n;
    }
}
