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

    /** Pairs with labels when the file has a label column ({@link RecipeFiles#hasLabelColumn}), else plain pairs. */
    static RankPairs read(Path file) {
        if (RecipeFiles.hasLabelColumn(file)) {
            return labelled(file);
        }
        List<TextPair> r = RecipeFiles.readPairs(file, ReadOptions.STRICT).records();
        return new RankPairs(
                r.stream().map(TextPair::query).toList(),
                r.stream().map(TextPair::target).toList(),
                null);
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
