package dev.nsw.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nsw.bench.SyntheticEmbeddings;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexPersistenceTest {
    static float[][] corpus;
    static float[][] queries;
    static List<String> ids;

    @TempDir
    Path dir;

    @BeforeAll
    static void data() {
        SyntheticEmbeddings gen = new SyntheticEmbeddings(32, 10, 3);
        corpus = gen.corpus(1500);
        queries = gen.queries(20);
        ids = new ArrayList<>();
        for (int i = 0; i < corpus.length; i++) {
            ids.add("doc-" + i + " 文档");
        }
    }

    @Test
    void hnswRoundTripGivesIdenticalResults() throws Exception {
        HnswVectorIndex index = HnswVectorIndex.builder("bge@run-1")
                .optM(12)
                .optEfConstruction(60)
                .optEf(40)
                .build(corpus, ids);
        Path folder = dir.resolve("idx");
        index.save(folder);

        VectorIndex loaded = VectorIndex.open(folder, "bge@run-1");

        assertThat(loaded).isInstanceOf(HnswVectorIndex.class);
        assertThat(((HnswVectorIndex) loaded).ef()).isEqualTo(40);
        assertThat(loaded.size()).isEqualTo(1500);
        assertThat(loaded.dimensions()).isEqualTo(32);
        for (float[] q : queries) {
            assertSameHits(loaded.search(q, 10), index.search(q, 10));
        }
        IndexMetadata meta = IndexFiles.readMetadata(folder);
        assertThat(meta.kind()).isEqualTo("hnsw");
        assertThat(meta.m()).isEqualTo(12);
        assertThat(meta.modelId()).isEqualTo("bge@run-1");
        assertThat(meta.buildSeconds()).isPositive();
    }

    /**
     * Same ids in the same order; scores equal up to the last bit, which can differ while the Vector API still
     * runs interpreted (its scalar fallback sums lanes in another order than the compiled intrinsic).
     */
    private static void assertSameHits(List<Hit> actual, List<Hit> expected) {
        assertThat(actual)
                .extracting(Hit::id)
                .containsExactlyElementsOf(expected.stream().map(Hit::id).toList());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i).score())
                    .isCloseTo(expected.get(i).score(), org.assertj.core.data.Offset.offset(1e-6f));
        }
    }

    @Test
    void exactRoundTripAndResaveReplacesOldFiles() throws Exception {
        ExactVectorIndex index = ExactVectorIndex.builder("m").build(corpus);
        Path folder = dir.resolve("exact");
        index.save(folder);
        index.save(folder); // overwrite: old data file is cleaned up

        VectorIndex loaded = VectorIndex.open(folder);
        for (float[] q : queries) {
            assertSameHits(loaded.search(q, 5), index.search(q, 5));
        }
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".nsw-"))) // marker + lock
                    .hasSize(2)
                    .contains("index.json")
                    .anyMatch(n -> n.startsWith("exact-") && n.endsWith(".npy"));
        }
    }

    /**
     * Audit case 5.3: a save killed mid-write leaves a complete uncommitted data file and a half-written
     * temporary. The next save removes exactly those (named in the killed save's journal) and nothing of the
     * user's, even files that look like nsw's.
     */
    @Test
    void aSaveAfterAKilledSaveRemovesItsLeftoversAndNothingElse() throws Exception {
        ExactVectorIndex index = ExactVectorIndex.builder("m").build(corpus, ids.toArray(String[]::new));
        Path folder = dir.resolve("killed");
        index.save(folder);
        // what `kill -9` during the second save leaves: its journal, its data file complete, the ids half-written
        IndexFiles.beginSave(folder, List.of("exact-dead.npy", "ids-dead.txt", "index.json"));
        Files.write(folder.resolve("exact-dead.npy"), new byte[] {1, 2, 3});
        Files.writeString(folder.resolve(".ids-dead.txt.k3j9.tmp"), "doc-0\ndoc-");
        Files.writeString(folder.resolve(".index.json.x1.tmp"), "{");
        // the user's files, two of them with nsw-like names but in no journal
        Files.writeString(folder.resolve("notes.txt"), "mine");
        Files.writeString(folder.resolve("exact-mine.npy"), "mine");
        Files.writeString(folder.resolve(".exact-mine.npy.a.tmp"), "mine");
        assertThat(VectorIndex.open(folder, "m").size()).isEqualTo(corpus.length); // the old index still reads

        index.save(folder);

        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".nsw-")))
                    .containsExactlyInAnyOrder(
                            "index.json",
                            IndexFiles.readMetadata(folder).dataFile(),
                            IndexFiles.readMetadata(folder).idsFile(),
                            "notes.txt",
                            "exact-mine.npy",
                            ".exact-mine.npy.a.tmp");
        }
        assertThat(folder.resolve(IndexFiles.SAVE_JOURNAL)).doesNotExist();
        assertThat(VectorIndex.open(folder, "m").size()).isEqualTo(corpus.length);
    }

    @Test
    void differentModelIdFailsNamingBoth() throws Exception {
        Path folder = dir.resolve("idx");
        ExactVectorIndex.builder("model-A").build(corpus).save(folder);

        assertThatThrownBy(() -> VectorIndex.open(folder, "model-B"))
                .isInstanceOf(IndexModelMismatchException.class)
                .hasMessageContaining("'model-A'")
                .hasMessageContaining("'model-B'")
                .hasMessageContaining("idx");
    }

    @Test
    void corruptDataFileFailsBeforeDeserialising() throws Exception {
        Path folder = dir.resolve("idx");
        HnswVectorIndex.builder("m").optM(8).optEfConstruction(20).build(corpus).save(folder);
        Path data = IndexFilesTestAccess.dataFile(folder);
        byte[] bytes = Files.readAllBytes(data);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(data, bytes);

        assertThatThrownBy(() -> VectorIndex.open(folder))
                .isInstanceOf(IndexFormatException.class)
                .hasMessageContaining("checksum mismatch");
    }

    @Test
    void foreignSerialisedFileIsRefusedEvenWithMatchingChecksum() throws Exception {
        Path folder = dir.resolve("idx");
        HnswVectorIndex.builder("m").optM(8).optEfConstruction(20).build(corpus).save(folder);
        Path data = IndexFilesTestAccess.dataFile(folder);
        try (OutputStream out = Files.newOutputStream(data);
                ObjectOutputStream oos = new ObjectOutputStream(out)) {
            oos.writeObject(new java.util.ArrayList<>(List.of("not", "an", "index")));
        }
        // Someone also fixes up the checksum: the magic check still refuses the file.
        IndexMetadata meta = IndexFiles.readMetadata(folder);
        IndexMetadata forged = meta.withFiles(meta.dataFile(), IndexFiles.sha256Hex(data), null, null);
        Files.writeString(folder.resolve("index.json"), IndexFiles.JSON.writeValueAsString(forged));

        assertThatThrownBy(() -> VectorIndex.open(folder))
                .isInstanceOf(IndexFormatException.class)
                .hasMessageContaining("bad magic");
    }

    @Test
    void foldersThatAreNotIndexesFailClearly() throws Exception {
        assertThatThrownBy(() -> VectorIndex.open(dir))
                .isInstanceOf(IndexFormatException.class)
                .hasMessageContaining("not an index folder");
        Files.writeString(dir.resolve("index.json"), "{\"format\":\"something-else\"}");
        assertThatThrownBy(() -> VectorIndex.open(dir)).hasMessageContaining("not an nsw index metadata file");
        Files.writeString(dir.resolve("index.json"), "garbage", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> VectorIndex.open(dir))
                .isInstanceOf(IndexFormatException.class)
                .hasMessageContaining("index.json");
    }

    /** Finds the data file named by the metadata. */
    static final class IndexFilesTestAccess {
        static Path dataFile(Path folder) throws Exception {
            return folder.resolve(IndexFiles.readMetadata(folder).dataFile());
        }
    }
}
