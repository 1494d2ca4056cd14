package dev.nsw.workspace;

import dev.nsw.io.AtomicFiles;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * One workspace folder and everything nsw keeps in it — the one home of the layout:
 *
 * <pre>
 * &lt;folder&gt;/                   the user's data files ({@link WorkspaceFiles}: recipe files or a BEIR folder)
 *   runs/&lt;strategy&gt;-&lt;time&gt;/   training runs (checkpoint/, best/, final/, run.json)
 *   indexes/dense-&lt;model&gt;-&lt;kind&gt;/  saved vector indexes (index.json names the model id and corpus fingerprint)
 *   embeddings/&lt;model&gt;-&lt;key&gt;.npy  corpus embeddings, keyed by {@link EmbeddingKey}
 *   eval-runs/&lt;name&gt;.trec + .properties  Compare's runs: the TREC run and its settings
 *   nsw-workspace.properties     settings remembered for this workspace (e.g. the dense model)
 * </pre>
 *
 * Opening a workspace reads only this folder, so nothing of another workspace can leak in.
 */
public final class Workspace {
    public static final String RUNS = "runs";
    public static final String INDEXES = "indexes";
    public static final String EMBEDDINGS = "embeddings";
    public static final String EVAL_RUNS = "eval-runs";
    public static final String SETTINGS_FILE = "nsw-workspace.properties";
    /** Setting: the dense model the panels start with (a {@link dev.nsw.encoder.PretrainedModel} id or a folder). */
    public static final String MODEL = "model";

    private final WorkspaceFiles files;
    private final Map<String, String> settings;

    private Workspace(WorkspaceFiles files, Map<String, String> settings) {
        this.files = files;
        this.settings = settings;
    }

    /** Scans {@code folder} and reads its settings file (absent = no settings). */
    public static Workspace open(Path folder) {
        WorkspaceFiles files = WorkspaceFiles.scan(folder);
        return new Workspace(files, readSettings(folder.resolve(SETTINGS_FILE)));
    }

    private static Map<String, String> readSettings(Path file) {
        Map<String, String> out = new TreeMap<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException(
                    file + ": not a readable settings file (" + e.getMessage() + "); delete it to start afresh", e);
        }
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
        return out;
    }

    public WorkspaceFiles files() {
        return files;
    }

    public Path folder() {
        return files.folder();
    }

    public Path runs() {
        return folder().resolve(RUNS);
    }

    public Path indexes() {
        return folder().resolve(INDEXES);
    }

    public Path embeddings() {
        return folder().resolve(EMBEDDINGS);
    }

    public Path evalRuns() {
        return folder().resolve(EVAL_RUNS);
    }

    public synchronized Optional<String> setting(String key) {
        return Optional.ofNullable(settings.get(key));
    }

    /** Remembers a setting for this workspace (written at once, atomically). */
    public synchronized void putSetting(String key, String value) {
        if (value.equals(settings.get(key))) {
            return;
        }
        settings.put(key, value);
        writeSettings();
    }

    /** Forgets a setting of this workspace (written at once, atomically). */
    public synchronized void removeSetting(String key) {
        if (settings.remove(key) != null) {
            writeSettings();
        }
    }

    private void writeSettings() {
        Properties p = new Properties();
        settings.forEach(p::setProperty);
        java.io.StringWriter text = new java.io.StringWriter();
        try {
            p.store(text, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Properties.store starts with a date comment: drop it so that equal settings give equal files
        List<String> lines =
                text.toString().lines().filter(l -> !l.startsWith("#")).sorted().toList();
        AtomicFiles.writeText(folder().resolve(SETTINGS_FILE), out -> {
            out.write("# nsw workspace settings (written by nsw)\n");
            for (String l : lines) {
                out.write(l);
                out.write('\n');
            }
        });
    }

    /**
     * The corpus's embeddings by {@code encoder}: read from {@code embeddings/} when saved there under the
     * same {@link EmbeddingKey}, else computed and saved.
     */
    public dev.nsw.retrieval.CorpusEmbeddings.Cached corpusEmbeddings(
            dev.nsw.encoder.TextEncoder encoder,
            String modelSlug,
            dev.nsw.data.Corpus corpus,
            dev.nsw.job.ProgressListener progress,
            dev.nsw.job.CancellationToken cancel)
            throws IOException {
        Files.createDirectories(embeddings());
        Path npy = embeddings().resolve(EmbeddingKey.of(encoder, corpus).fileName(modelSlug));
        return dev.nsw.retrieval.CorpusEmbeddings.load(encoder, corpus, npy, progress, cancel);
    }

    /**
     * Where the workspace caches the passages (MaxP) of {@code corpus} cut into {@code windows} and read by
     * {@code encoder}: {@code <model>-passages-w<window>s<stride>-len…npy} in {@code embeddings/}, named by the corpus
     * and the layout (the passages are cut later, by the job that embeds them) and bound to the passage texts
     * themselves by the cache's own check ({@link dev.nsw.retrieval.CorpusEmbeddings#load(dev.nsw.encoder.TextEncoder,
     * dev.nsw.retrieval.PassageCorpus, Path, dev.nsw.job.ProgressListener, dev.nsw.job.CancellationToken)}).
     */
    public Path passageEmbeddingsFile(
            dev.nsw.encoder.TextEncoder encoder,
            String modelSlug,
            dev.nsw.data.Corpus corpus,
            dev.nsw.text.PassageWindows windows)
            throws IOException {
        Files.createDirectories(embeddings());
        String layout = "passages-w" + windows.window() + "s" + windows.stride();
        EmbeddingKey key = new EmbeddingKey(encoder.embeddingIdentity(), corpus.fingerprint() + " " + layout);
        return embeddings().resolve(key.fileName(modelSlug + "-" + layout));
    }

    /**
     * The embeddings of a set's queries by {@code encoder}, row i = query i: read from {@code embeddings/} when
     * saved there under the same key ({@link EmbeddingKey} of the queries' texts), else embedded and saved — so
     * Compare's dense and hybrid runs, the Map and the Search panel embed a query set once per model and length.
     * The queries are cached as a corpus of their own ({@code <model>-queries-len…}), through the same checked
     * cache as the corpus.
     */
    public dev.nsw.retrieval.CorpusEmbeddings.Cached queryEmbeddings(
            dev.nsw.encoder.TextEncoder encoder,
            String modelSlug,
            List<dev.nsw.data.Query> queries,
            dev.nsw.job.ProgressListener progress,
            dev.nsw.job.CancellationToken cancel)
            throws IOException {
        Files.createDirectories(embeddings());
        dev.nsw.data.Corpus texts = dev.nsw.data.Corpus.of(
                queries.stream()
                        .map(q -> new dev.nsw.data.Document(q.id(), q.text()))
                        .toList(),
                dev.nsw.data.Corpus.Identity.BY_ID);
        Path npy = embeddings().resolve(EmbeddingKey.of(encoder, texts).fileName(modelSlug + QUERIES_SUFFIX));
        return dev.nsw.retrieval.CorpusEmbeddings.load(encoder, texts, npy, progress, cancel);
    }

    /** What names a query set's cached embeddings apart from its corpus's: {@code <model>-queries-len…}. */
    public static final String QUERIES_SUFFIX = "-queries";

    /** A split to tune on: the queries and judgements, and where they came from (said beside a tuned weight). */
    public record DevSplit(dev.nsw.data.RetrievalDataset set, String source) {}

    /**
     * The split of this workspace that settings are tuned on — never the evaluation set: a recipe folder's
     * {@code dev.csv} when {@code test.csv} is what is scored (answered from {@code test}'s corpus), a BEIR
     * folder's {@code qrels/dev.tsv}, else its {@code qrels/train.tsv} (BEIR sets such as SciFact have no
     * dev split; the source then says "train"). Empty when there is none (e.g. {@code dev.csv} is the only
     * pair file, so it is the evaluation set itself).
     */
    public Optional<DevSplit> devSplit(dev.nsw.data.RetrievalDataset test) {
        Optional<String> source = devSplitSource(test);
        if (source.isEmpty()) {
            return Optional.empty();
        }
        Path folder = folder();
        if (files.beir()) {
            String split =
                    source.get().substring("qrels/".length(), source.get().indexOf(".tsv"));
            dev.nsw.data.RetrievalDataset set = dev.nsw.data.Beir.load(folder, split, dev.nsw.data.ReadOptions.LENIENT);
            return Optional.of(new DevSplit(set, source.get()));
        }
        var pairs = dev.nsw.data.RecipeFiles.readPairs(folder.resolve("dev.csv"), dev.nsw.data.ReadOptions.LENIENT);
        return Optional.of(new DevSplit(
                dev.nsw.data.RetrievalDataset.fromRecipe(
                        folder.getFileName() + "/dev.csv", pairs, test.corpus(), dev.nsw.data.ReadOptions.LENIENT),
                source.get()));
    }

    /**
     * Which file {@link #devSplit} would read — {@code dev.csv}, {@code qrels/dev.tsv}, or
     * {@code qrels/train.tsv (no dev split)} — without reading it, for a panel that offers tuning only when there is
     * something to tune on; empty when there is none.
     */
    public Optional<String> devSplitSource(dev.nsw.data.RetrievalDataset test) {
        Path folder = folder();
        if (files.beir()) {
            for (String split : List.of("dev", "train")) {
                Path qrels = folder.resolve("qrels").resolve(split + ".tsv");
                if (Files.isRegularFile(qrels) && !test.name().endsWith("/" + split)) {
                    return Optional.of("qrels/" + split + ".tsv" + ("train".equals(split) ? " (no dev split)" : ""));
                }
            }
            return Optional.empty();
        }
        if (!Files.isRegularFile(folder.resolve("dev.csv"))
                || files.testPairs() == null
                || files.testPairs().getFileName().toString().equalsIgnoreCase("dev.csv")) {
            return Optional.empty();
        }
        return Optional.of("dev.csv");
    }

    /** The folder of the saved dense index of a model (by its slug) and kind ({@code hnsw} or {@code exact}). */
    public Path denseIndex(String modelSlug, String kind) {
        return indexes().resolve("dense-" + modelSlug + "-" + kind);
    }

    /** A file or folder nsw saved here, for the Index panel's list. */
    public record Saved(String kind, String name, Path path, long bytes) {}

    /** The saved indexes and corpus embeddings of this workspace, with their size on disk. */
    public List<Saved> saved() {
        List<Saved> out = new ArrayList<>();
        for (Path p : list(indexes())) {
            if (Files.isDirectory(p)) {
                out.add(new Saved("index", p.getFileName().toString(), p, size(p)));
            }
        }
        for (Path p : list(embeddings())) {
            if (p.getFileName().toString().endsWith(".npy")) {
                out.add(new Saved("embeddings", p.getFileName().toString(), p, size(p)));
            }
        }
        return out;
    }

    static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted(Comparator.comparing(Path::toString))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    static long size(Path p) {
        try (Stream<Path> s = Files.walk(p)) {
            return s.filter(Files::isRegularFile)
                    .mapToLong(f -> {
                        try {
                            return Files.size(f);
                        } catch (IOException e) {
                            return 0;
                        }
                    })
                    .sum();
        } catch (IOException e) {
            return 0;
        }
    }
}
