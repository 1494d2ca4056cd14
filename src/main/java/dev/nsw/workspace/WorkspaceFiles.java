package dev.nsw.workspace;

import dev.nsw.data.DataFormatException;
import dev.nsw.data.FileKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The data files found in a workspace folder laid out like the recipe ({@code corpus.csv}, {@code test.csv}
 * or {@code dev.csv}, optional {@code train.csv}, a labelled-pair file) or a BEIR folder.
 *
 * @param corpus the corpus, or null
 * @param testPairs the evaluation pairs ({@code test.csv}, else {@code dev.csv}), or null
 * @param labeled the first labelled-pair file, or null
 * @param dataFiles every recipe data file of the folder, sorted by name
 */
public record WorkspaceFiles(
        Path folder, boolean beir, Path corpus, Path testPairs, Path labeled, List<Path> dataFiles) {

    public static WorkspaceFiles scan(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException(folder + " is not a folder");
        }
        if (Files.isRegularFile(folder.resolve("corpus.jsonl"))) {
            return new WorkspaceFiles(folder, true, folder.resolve("corpus.jsonl"), null, null, List.of(folder));
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(Files::isRegularFile)
                    .filter(WorkspaceFiles::looksLikeData)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
        }
        Path corpus = find(files, "corpus.csv").orElse(null);
        Path test = find(files, "test.csv").or(() -> find(files, "dev.csv")).orElse(null);
        Path labeled = files.stream()
                .filter(f -> kind(f) == FileKind.LABELED)
                .findFirst()
                .orElse(null);
        return new WorkspaceFiles(folder, false, corpus, test, labeled, files);
    }

    private static Optional<Path> find(List<Path> files, String name) {
        return files.stream()
                .filter(f -> f.getFileName().toString().equalsIgnoreCase(name))
                .findFirst();
    }

    public static boolean looksLikeData(Path f) {
        String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
        return !n.startsWith(".") && (n.endsWith(".csv") || n.endsWith(".tsv") || n.endsWith(".txt"));
    }

    private static FileKind kind(Path f) {
        try {
            return FileKind.detect(f);
        } catch (DataFormatException | UncheckedIOException e) {
            return null;
        }
    }
}
