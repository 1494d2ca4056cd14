package dev.nsw.workspace;

import dev.nsw.data.Corpus;
import dev.nsw.io.AtomicFiles;
import dev.nsw.job.CancellationToken;
import dev.nsw.job.ProgressListener;
import dev.nsw.lexical.Bm25Index;
import dev.nsw.lexical.Bm25Options;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The workspace's BM25 index, saved like its dense index so that reopening the workspace (or coming back to it
 * from another) finds it: {@code indexes/bm25-<analyzer>-k1_<k1>-b_<b>/} ({@link Bm25Index#build}: Lucene's files
 * and {@code nsw-bm25.json}) with {@value #CORPUS_FILE} naming the corpus it indexes, and the setting
 * {@value #SETTING} naming the index built last — the one the panels search.
 */
public final class SavedBm25 {
    /** Workspace setting: the folder name (under {@code indexes/}) of the BM25 index built last. */
    public static final String SETTING = "bm25_index";
    /** Inside the index folder: the {@link Corpus#fingerprint()} of the corpus it indexes. */
    static final String CORPUS_FILE = "nsw-corpus.txt";

    private SavedBm25() {}

    /** The folder of the index with these settings: {@code indexes/bm25-english-k1_1.2-b_0.75}. */
    public static Path folder(Workspace ws, Bm25Options options) {
        return ws.indexes()
                .resolve(String.format(
                        Locale.ROOT,
                        "bm25-%s-k1_%s-b_%s",
                        options.analyzer().cliName(),
                        Float.toString(options.k1()),
                        Float.toString(options.b())));
    }

    /**
     * Builds the index of {@code corpus} into the workspace (replacing one with the same settings only once the
     * new one is complete), binds it to the corpus and remembers it as the workspace's BM25 index.
     */
    public static Bm25Index build(
            Workspace ws, Corpus corpus, Bm25Options options, ProgressListener progress, CancellationToken cancel)
            throws IOException {
        Path folder = folder(ws, options);
        Files.createDirectories(ws.indexes());
        Bm25Index index = Bm25Index.build(corpus, folder, options, progress, cancel);
        AtomicFiles.writeText(folder.resolve(CORPUS_FILE), w -> w.write(corpus.fingerprint() + "\n"));
        ws.putSetting(SETTING, folder.getFileName().toString());
        return index;
    }

    /**
     * The workspace's BM25 index when one was saved for this very corpus (a corpus edited since, or an index
     * without its corpus file, is left for a new build); empty when there is none.
     */
    public static Optional<Bm25Index> reopen(Workspace ws, Corpus corpus) throws IOException {
        Optional<String> name = ws.setting(SETTING);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        Path folder = ws.indexes().resolve(name.get()).normalize();
        Path bound = folder.resolve(CORPUS_FILE);
        if (!folder.startsWith(ws.indexes()) || !Files.isRegularFile(bound)) {
            return Optional.empty();
        }
        if (!Files.readString(bound, StandardCharsets.UTF_8).strip().equals(corpus.fingerprint())) {
            return Optional.empty();
        }
        return Optional.of(Bm25Index.open(folder));
    }
}
