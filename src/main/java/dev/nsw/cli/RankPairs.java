package dev.nsw.cli;

import dev.nsw.data.DataFile;
import dev.nsw.data.LabeledPair;
import dev.nsw.data.ReadOptions;
import dev.nsw.data.RecipeFiles;
import dev.nsw.data.TextPair;
import java.nio.file.Path;
import java.util.List;

/** Lines of a pair file: two texts, and a label when the file has a 0/1 third column on every line. */
record RankPairs(List<String> queries, List<String> titles, int[] labels) {
    boolean labelled() {
        return labels != null;
    }

    /**
     * Pairs with labels when the file's first line has a third column (then every line must carry a 0/1
     * label: {@link RecipeFiles#readLabeledPairs}), else plain pairs ({@link RecipeFiles#readPairs}).
     */
    static RankPairs read(Path file) {
        if (firstLineColumns(file) >= 3) {
            return labelled(file);
        }
        List<TextPair> r = RecipeFiles.readPairs(file, ReadOptions.STRICT).records();
        return new RankPairs(
                r.stream().map(TextPair::query).toList(),
                r.stream().map(TextPair::target).toList(),
                null);
    }

    private static int firstLineColumns(Path file) {
        try (java.io.BufferedReader in =
                java.nio.file.Files.newBufferedReader(file, java.nio.charset.StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank()) {
                    return line.split("\t", -1).length;
                }
            }
            return 0;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    static RankPairs labelled(Path file) {
        DataFile<LabeledPair> f = RecipeFiles.readLabeledPairs(file, ReadOptions.STRICT);
        List<LabeledPair> r = f.records();
        return new RankPairs(
                r.stream().map(LabeledPair::query).toList(),
                r.stream().map(LabeledPair::title).toList(),
                r.stream().mapToInt(LabeledPair::label).toArray());
    }
}
