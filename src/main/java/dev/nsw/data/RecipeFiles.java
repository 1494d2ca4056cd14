package dev.nsw.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Readers for the tab-separated files of PaddleNLP's neural_search recipe.
 *
 * <table>
 *   <caption>Formats</caption>
 *   <tr><th>file</th><th>columns</th><th>reader</th></tr>
 *   <tr><td>train.csv, dev.csv, test.csv</td><td>query \t similar text</td><td>{@link #readPairs}</td></tr>
 *   <tr><td>corpus.csv, train_unsupervise.csv</td><td>one text a line</td><td>{@link #readTexts}</td></tr>
 *   <tr><td>pairwise ranking</td><td>query \t pos \t neg</td><td>{@link #readTriples}</td></tr>
 *   <tr><td>labelled pairs</td><td>query \t title \t 0/1</td><td>{@link #readLabeledPairs}</td></tr>
 * </table>
 *
 * <p>All files are UTF-8 with or without a byte-order mark; blank lines are skipped. Surrounding white
 * space of a column is kept except a trailing {@code \r}, as the recipe's {@code line.rstrip()} would
 * keep inner spaces too. Every problem is reported as a {@link DataFormatException} naming file and line.
 */
public final class RecipeFiles {
    private RecipeFiles() {}

    /** Reads {@code query \t similar_text} pairs. */
    public static DataFile<TextPair> readPairs(Path file, ReadOptions options) {
        List<TextPair> pairs = new ArrayList<>();
        ReadReport report = new ReadReport(file);
        Lines.forEach(file, options, report, (line, text) -> {
            String[] cols = columns(file, line, text, 2, "query \\t similar text");
            pairs.add(new TextPair(line, cols[0], cols[1]));
        });
        return new DataFile<>(file, pairs, report);
    }

    /** Reads a one-text-a-line file (corpus or unsupervised text). The whole line is the text, tabs included. */
    public static DataFile<TextLine> readTexts(Path file, ReadOptions options) {
        List<TextLine> texts = new ArrayList<>();
        ReadReport report = forEachText(file, options, texts::add);
        return new DataFile<>(file, texts, report);
    }

    /**
     * {@link #readTexts} one text at a time, in file order, without holding them: for inputs larger than memory
     * (embedding a million texts). Returns what was read and skipped.
     */
    public static ReadReport forEachText(Path file, ReadOptions options, java.util.function.Consumer<TextLine> each) {
        ReadReport report = new ReadReport(file);
        Lines.forEach(file, options, report, (line, text) -> each.accept(new TextLine(line, text.strip())));
        return report;
    }

    /** Reads {@code query \t positive \t negative} triples. */
    public static DataFile<RankingTriple> readTriples(Path file, ReadOptions options) {
        List<RankingTriple> triples = new ArrayList<>();
        ReadReport report = new ReadReport(file);
        Lines.forEach(file, options, report, (line, text) -> {
            String[] cols = columns(file, line, text, 3, "query \\t positive \\t negative");
            triples.add(new RankingTriple(line, cols[0], cols[1], cols[2]));
        });
        return new DataFile<>(file, triples, report);
    }

    /** Reads {@code query \t title \t label} lines where the label is 0 or 1. */
    public static DataFile<LabeledPair> readLabeledPairs(Path file, ReadOptions options) {
        List<LabeledPair> pairs = new ArrayList<>();
        ReadReport report = new ReadReport(file);
        Lines.forEach(file, options, report, (line, text) -> {
            String[] cols = columns(file, line, text, 3, "query \\t title \\t label");
            int label = switch (cols[2].strip()) {
                case "0" -> 0;
                case "1" -> 1;
                default ->
                    throw new DataFormatException(
                            file, line, "label must be 0 or 1, found '" + abbreviate(cols[2]) + "'");
            };
            pairs.add(new LabeledPair(line, cols[0], cols[1], label));
        });
        return new DataFile<>(file, pairs, report);
    }

    /**
     * Splits a line on tabs and checks the column count and that no column is empty.
     *
     * @param layout human-readable column layout used in the error message
     */
    static String[] columns(Path file, long line, String text, int expected, String layout) {
        String[] cols = text.split("\t", -1);
        if (cols.length != expected) {
            throw new DataFormatException(
                    file,
                    line,
                    "expected " + expected + " tab-separated columns (" + layout + "), found " + cols.length);
        }
        for (int i = 0; i < cols.length; i++) {
            cols[i] = cols[i].strip();
            if (cols[i].isEmpty()) {
                throw new DataFormatException(file, line, "column " + (i + 1) + " is empty (" + layout + ")");
            }
        }
        return cols;
    }

    /**
     * Whether a pair file carries labels: its first non-blank line has a third column (then every line must carry
     * a 0/1 label: {@link #readLabeledPairs}); else it is plain pairs ({@link #readPairs}).
     */
    public static boolean hasLabelColumn(Path file) {
        return firstLineColumns(file) >= 3;
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

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
