package dev.nsw.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nsw.bench.SyntheticEmbeddings;
import dev.nsw.data.Corpus;
import dev.nsw.data.Document;
import dev.nsw.data.ScoredDoc;
import dev.nsw.index.ExactVectorIndex;
import dev.nsw.index.Hit;
import dev.nsw.index.HnswVectorIndex;
import dev.nsw.index.VectorIndex;
import dev.nsw.job.CancellationToken;
import dev.nsw.job.ProgressListener;
import dev.nsw.lexical.Bm25Index;
import dev.nsw.lexical.Bm25Options;
import dev.nsw.lexical.LexicalAnalyzer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21, item 5: a reader of an index folder sees the old or the new index, whole, while a writer rebuilds it —
 * before, 2 of 10 {@code recall --index} runs beside 8 rebuilds failed with "index data file ids-….txt is missing".
 * Here a reader opens the folder over and over during 20 rebuilds that alternate between two different indexes, and
 * checks every open: no failed read, and every index it got is one of the two, whole (its ids belong to its vectors).
 */
class ReadersDuringRebuildsTest {
    @TempDir
    Path dir;

    static final int REBUILDS = 20;

    private static String[] ids(String prefix, int n) {
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            ids[i] = prefix + i;
        }
        return ids;
    }

    @Test
    void aVectorIndexReaderDuringTwentyRebuildsNeverFailsAndNeverMixesTwoVersions() throws Exception {
        int n = 10_000; // ~1.3 MB a version, so that a read takes long enough for saves to land in the middle of it
        float[][] a = new SyntheticEmbeddings(32, 4, 1).corpus(n);
        float[][] b = new SyntheticEmbeddings(32, 4, 2).corpus(n);
        VectorIndex versionA = ExactVectorIndex.builder("model").build(a, ids("a", n));
        VectorIndex versionB = HnswVectorIndex.builder("model").build(b, ids("b", n)); // the other kind, too
        Path folder = dir.resolve("idx");
        versionA.save(folder);

        List<Throwable> failures = new CopyOnWriteArrayList<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger reads = new AtomicInteger();
        Thread reader = Thread.ofPlatform().start(() -> {
            while (writing.get()) {
                try {
                    VectorIndex got = VectorIndex.open(folder, "model");
                    // whole: the id the index gives a stored vector is that vector's own id, in whichever version
                    Hit top = got.search(a[3], 1).getFirst();
                    if (top.id().startsWith("a")) {
                        assertThat(top.id()).isEqualTo("a3");
                    } else {
                        assertThat(got.search(b[3], 1).getFirst().id()).isEqualTo("b3");
                    }
                    reads.incrementAndGet();
                } catch (Throwable t) {
                    failures.add(t);
                }
            }
        });
        for (int i = 0; i < REBUILDS; i++) {
            (i % 2 == 0 ? versionB : versionA).save(folder);
        }
        writing.set(false);
        reader.join();
        assertThat(failures).as("failed reads").isEmpty();
        assertThat(reads.get()).as("reads during the rebuilds").isGreaterThan(0);
        System.out.printf("vector index: %d reads during %d rebuilds, none failed%n", reads.get(), REBUILDS);
    }

    @Test
    void aBm25ReaderDuringTwentyRebuildsNeverFailsAndNeverMixesTwoVersions() throws Exception {
        Corpus a = corpus("a", "apple");
        Corpus b = corpus("b", "banana");
        Path folder = dir.resolve("bm25");
        Bm25Options options = Bm25Options.defaults(LexicalAnalyzer.fromCliName("standard"));
        Bm25Index.build(a, folder, options, ProgressListener.NONE, CancellationToken.NEVER)
                .close();

        List<Throwable> failures = new CopyOnWriteArrayList<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger reads = new AtomicInteger();
        Thread reader = Thread.ofPlatform().start(() -> {
            while (writing.get()) {
                try (Bm25Index got = Bm25Index.open(folder)) {
                    List<ScoredDoc> hits = got.search("common apple banana", 50);
                    String version = hits.getFirst().docId().substring(0, 1);
                    assertThat(hits)
                            .hasSize(50)
                            .allSatisfy(h -> assertThat(h.docId()).startsWith(version));
                    reads.incrementAndGet();
                } catch (Throwable t) {
                    failures.add(t);
                }
            }
        });
        for (int i = 0; i < REBUILDS; i++) {
            Bm25Index.build(i % 2 == 0 ? b : a, folder, options, ProgressListener.NONE, CancellationToken.NEVER)
                    .close();
        }
        writing.set(false);
        reader.join();
        assertThat(failures).as("failed reads").isEmpty();
        assertThat(reads.get()).isGreaterThan(0);
        System.out.printf("BM25 index: %d reads during %d rebuilds, none failed%n", reads.get(), REBUILDS);
    }

    private static Corpus corpus(String prefix, String word) {
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            docs.add(new Document(prefix + i, "common " + word + " text number " + i + " with words w" + (i % 97)));
        }
        return Corpus.of(docs);
    }
}
