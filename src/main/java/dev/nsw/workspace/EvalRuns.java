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
        String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-").replaceAll("(^-+|-+$)", "");
        return s.isEmpty() ? "run" : s.length() > 100 ? s.substring(0, 100) : s;
    }

    /** Saves (or replaces) the run called {@code name}; returns its TREC file. */
    public static Path save(Workspace ws, String name, RecallRun run, Map<String, String> settings) {
        Path dir = ws.evalRuns();
        String slug = slug(name);
        Path trec = dir.resolve(slug + ".trec");
        TrecRunFile.write(trec, run, "nsw");
        Properties p = new Properties();
        settings.forEach(p::setProperty);
        p.setProperty("name", name);
        p.setProperty("score", run.scoreKind());
        p.putIfAbsent("created", java.time.Instant.now().toString());
        StringWriter text = new StringWriter();
        try {
            p.store(text, "nsw evaluation run: " + slug + ".trec");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AtomicFiles.writeText(dir.resolve(slug + ".properties"), out -> out.write(text.toString()));
        return trec;
    }

    /** Renames a saved run (its display name; the files keep their names). */
    public static void rename(Workspace ws, SavedRun run, String newName) {
        Map<String, String> settings = new LinkedHashMap<>(run.settings());
        settings.put("name", newName);
        Path props = run.file().resolveSibling(run.file().getFileName().toString().replaceFirst("\\.trec$", ".properties"));
        Properties p = new Properties();
        settings.forEach(p::setProperty);
        StringWriter text = new StringWriter();
        try {
            p.store(text, "nsw evaluation run: " + run.file().getFileName());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AtomicFiles.writeText(props, out -> out.write(text.toString()));
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
                Properties p = new Properties();
                try (Reader r = Files.newBufferedReader(props, StandardCharsets.UTF_8)) {
                    p.load(r);
                }
                Map<String, String> settings = new LinkedHashMap<>();
                p.stringPropertyNames().stream().sorted().forEach(k -> settings.put(k, p.getProperty(k)));
                RecallRun read = TrecRunFile.read(trec, ReadOptions.STRICT);
                RecallRun run = new RecallRun(settings.getOrDefault("score", read.scoreKind()), read.rankings());
                out.add(new SavedRun(settings.getOrDefault("name", n), run, settings, trec));
            } catch (IOException | RuntimeException e) {
                problems.add(props + ": " + e.getMessage());
            }
        }
        out.sort(java.util.Comparator.comparing(r -> r.settings().getOrDefault("created", "")));
        return out;
    }
}
