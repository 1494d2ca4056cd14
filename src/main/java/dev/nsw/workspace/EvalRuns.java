package dev.nsw.workspace;

import dev.nsw.data.ReadOptions;
import dev.nsw.data.RecallRun;
import dev.nsw.data.TrecRunFile;
import dev.nsw.io.AtomicFiles;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The evaluation runs of a workspace ({@code eval-runs/}): each is a TREC run file ({@code <slug>.trec})
 * and its settings ({@code <slug>.properties}: name, created, and what made it — retriever, model,
 * analyzer, index). Metrics are not stored: they are recomputed from the run on open, so they always
 * follow the current metric definitions.
 */
public final class EvalRuns {
    private EvalRuns() {}

    /** A saved run: its display name, the ranking, and the settings that made it. */
    public record SavedRun(String name, RecallRun run, Map<String, String> settings, Path file) {}

    /** A file-name-safe form of a run name. */
    public static String slug(String name) {
        String s =
                name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-").replaceAll("(^-+|-+$)", "");
        return s.isEmpty() ? "run" : s.length() > 100 ? s.substring(0, 100) : s;
    }

    /**
     * Saves (or replaces) the run called {@code name}; returns its TREC file. A run renamed by the user keeps its
     * files under its old name, so a new run whose file name is taken by a run of another name gets
     * {@code <slug>-2}, {@code -3}, … instead of overwriting it.
     */
    public static Path save(Workspace ws, String name, RecallRun run, Map<String, String> settings) {
        Path dir = ws.evalRuns();
        String slug = freeSlug(dir, name);
        Path trec = dir.resolve(slug + ".trec");
        TrecRunFile.write(trec, run, "nsw");
        Map<String, String> all = new LinkedHashMap<>(settings);
        all.put("name", name);
        all.put("score", run.scoreKind());
        all.putIfAbsent("created", java.time.Instant.now().toString());
        writeSettings(trec, all);
        return trec;
    }

    /** {@code slug(name)}, or the first {@code slug-N} whose files are absent or hold a run of the same name. */
    private static String freeSlug(Path dir, String name) {
        String base = slug(name);
        for (int n = 1; ; n++) {
            String s = n == 1 ? base : base + "-" + n;
            Path props = dir.resolve(s + ".properties");
            if (!Files.exists(props) || name.equals(readSettings(props).get("name"))) {
                return s;
            }
        }
    }

    /** Renames a saved run (its display name; the files keep their names). */
    public static void rename(Workspace ws, SavedRun run, String newName) {
        update(run.file(), "name", newName);
    }

    /**
     * Sets one setting of the run saved as {@code trec} (e.g. {@code name} after a rename, {@code shown} for the
     * chart), keeping the others; atomic.
     */
    public static void update(Path trec, String key, String value) {
        Map<String, String> settings = readSettings(settingsFile(trec));
        settings.put(key, value);
        writeSettings(trec, settings);
    }

    private static Path settingsFile(Path trec) {
        return trec.resolveSibling(trec.getFileName().toString().replaceFirst("\\.trec$", ".properties"));
    }

    private static Map<String, String> readSettings(Path props) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(props, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(props + ": cannot read the run's settings: " + e.getMessage(), e);
        }
        Map<String, String> out = new LinkedHashMap<>();
        p.stringPropertyNames().stream().sorted().forEach(k -> out.put(k, p.getProperty(k)));
        return out;
    }

    private static void writeSettings(Path trec, Map<String, String> settings) {
        Properties p = new Properties();
        settings.forEach(p::setProperty);
        StringWriter text = new StringWriter();
        try {
            p.store(text, "nsw evaluation run: " + trec.getFileName());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AtomicFiles.writeText(settingsFile(trec), out -> out.write(text.toString()));
    }

    /** The runs saved in the workspace, oldest first; a run whose files cannot be read is skipped and named in {@code problems}. */
    public static List<SavedRun> list(Workspace ws, List<String> problems) {
        List<SavedRun> out = new ArrayList<>();
        for (Path props : Workspace.list(ws.evalRuns())) {
            String n = props.getFileName().toString();
            if (!n.endsWith(".properties")) {
                continue;
            }
            Path trec = props.resolveSibling(n.substring(0, n.length() - ".properties".length()) + ".trec");
            try {
                Map<String, String> settings = readSettings(props);
                RecallRun read = TrecRunFile.read(trec, ReadOptions.STRICT);
                RecallRun run = new RecallRun(settings.getOrDefault("score", read.scoreKind()), read.rankings());
                out.add(new SavedRun(settings.getOrDefault("name", n), run, settings, trec));
            } catch (RuntimeException e) {
                problems.add(props + ": " + e.getMessage());
            }
        }
        out.sort(java.util.Comparator.comparing(r -> r.settings().getOrDefault("created", "")));
        return out;
    }
}
