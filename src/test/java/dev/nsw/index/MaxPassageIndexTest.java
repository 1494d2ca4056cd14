package dev.nsw.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An index of passages searched by document: each document once, scored by its best passage (MaxP). */
class MaxPassageIndexTest {
    @TempDir
    Path dir;

    /** 2-D passages of three documents: A has two passages, B three, C one. */
    private static final float[][] PASSAGES = {
        unit(0),
        unit(80), // A: east, and nearly north
        unit(10),
        unit(20),
        unit(170), // B
        unit(45) // C
    };

    private static final List<String> DOCS = List.of("A", "A", "B", "B", "B", "C");

    private static float[] unit(double degrees) {
        double r = Math.toRadians(degrees);
        return new float[] {(float) Math.cos(r), (float) Math.sin(r)};
    }

    private static IndexMetadata.Passages layout(int documents) {
        return new IndexMetadata.Passages(128, 63, documents);
    }

    @Test
    void eachDocumentComesOnceWithItsBestPassage() {
        VectorIndex index = MaxPassageIndex.byDocument(
                ExactVectorIndex.builder("m").optPassages(layout(3)).build(PASSAGES, DOCS));
        assertThat(index).isInstanceOf(MaxPassageIndex.class);
        // Query at 85°: A's best is its 80° passage (ordinal 1), then C (45°), then B's 20° passage (ordinal 3).
        List<Hit> hits = index.search(unit(85), 3);
        assertThat(hits).extracting(Hit::id).containsExactly("A", "C", "B");
        assertThat(hits).extracting(Hit::ordinal).containsExactly(1, 5, 3);
        assertThat(hits.getFirst().score())
                .isCloseTo((float) Math.cos(Math.toRadians(5)), org.assertj.core.data.Offset.offset(1e-6f));
        // Query at 12°: B (10°) first, A (0°) second — A's 80° passage does not count twice.
        assertThat(index.search(unit(12), 10)).extracting(Hit::id).containsExactly("B", "A", "C");
        // k larger than the documents: each once
        assertThat(index.search(unit(170), 5)).extracting(Hit::id).containsExactly("B", "A", "C");
    }

    @Test
    void agreesWithMaxPWrittenOutOnRandomPassages() {
        Random r = new Random(11);
        int docs = 300;
        List<float[]> vectors = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int d = 0; d < docs; d++) {
            int passages = d % 7 == 0 ? 12 : 1 + r.nextInt(3); // some documents much longer than the rest
            for (int p = 0; p < passages; p++) {
                float[] v = new float[8];
                for (int i = 0; i < 8; i++) {
                    v[i] = (float) r.nextGaussian();
                }
                vectors.add(Vectors.normalized(v));
                ids.add("d" + d);
            }
        }
        float[][] data = vectors.toArray(float[][]::new);
        VectorIndex index = MaxPassageIndex.byDocument(
                ExactVectorIndex.builder("m").optPassages(layout(docs)).build(data, ids));
        for (int t = 0; t < 20; t++) {
            float[] q = new float[8];
            for (int i = 0; i < 8; i++) {
                q[i] = (float) r.nextGaussian();
            }
            q = Vectors.normalized(q);
            // MaxP by hand: each document's best cosine, documents sorted by it
            Map<String, Float> best = new HashMap<>();
            for (int i = 0; i < data.length; i++) {
                float s = 0;
                for (int j = 0; j < 8; j++) {
                    s += data[i][j] * q[j];
                }
                best.merge(ids.get(i), s, Math::max);
            }
            List<String> expected = best.entrySet().stream()
                    .sorted(Map.Entry.<String, Float>comparingByValue(Comparator.reverseOrder()))
                    .map(Map.Entry::getKey)
                    .limit(50)
                    .toList();
            List<Hit> got = index.search(q, 50);
            assertThat(got).extracting(Hit::id).containsExactlyElementsOf(expected);
            for (Hit h : got) {
                assertThat(h.score()).isCloseTo(best.get(h.id()), org.assertj.core.data.Offset.offset(1e-5f));
            }
        }
        // Deeper than a first pass reaches (the search doubles its depth): every document, once.
        assertThat(index.search(data[0], docs))
                .extracting(Hit::id)
                .doesNotHaveDuplicates()
                .hasSize(docs);
    }

    @Test
    void savedAndOpenedItIsStillSearchedByDocumentForBothKinds() throws Exception {
        for (VectorIndex built : List.<VectorIndex>of(
                ExactVectorIndex.builder("m")
                        .optPassages(layout(3))
                        .optCorpusFingerprint("f")
                        .build(PASSAGES, DOCS),
                HnswVectorIndex.builder("m")
                        .optPassages(layout(3))
                        .optM(4)
                        .optEf(10)
                        .build(PASSAGES, DOCS))) {
            Path folder = dir.resolve(built.kind());
            built.save(folder);
            VectorIndex opened = VectorIndex.open(folder, "m");
            assertThat(opened).isInstanceOf(MaxPassageIndex.class);
            assertThat(opened.passages()).contains(layout(3));
            assertThat(opened.size()).isEqualTo(6);
            assertThat(((MaxPassageIndex) opened).documents()).isEqualTo(3);
            assertThat(opened.search(unit(85), 3)).extracting(Hit::id).containsExactly("A", "C", "B");
            assertThat(IndexFiles.readMetadata(folder).passages()).isEqualTo(layout(3));
        }
        // An index of one vector per document is opened as it always was.
        ExactVectorIndex plain = ExactVectorIndex.builder("m").build(PASSAGES);
        plain.save(dir.resolve("plain"));
        assertThat(VectorIndex.open(dir.resolve("plain"), "m")).isInstanceOf(ExactVectorIndex.class);
        assertThat(IndexFiles.readMetadata(dir.resolve("plain")).passages()).isNull();
    }

    @Test
    void theAnnCheckMeasuresThePassageGraph() {
        VectorIndex hnsw = MaxPassageIndex.byDocument(HnswVectorIndex.builder("m")
                .optPassages(layout(3))
                .optM(4)
                .optEf(10)
                .build(PASSAGES, DOCS));
        AnnRecall.Check c =
                AnnRecall.check(hnsw, new float[][] {unit(85), unit(12)}, 3).orElseThrow();
        assertThat(c.recall()).isEqualTo(1.0); // 6 vectors, ef 10: the graph finds them all
    }
}
