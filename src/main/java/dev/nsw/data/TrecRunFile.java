package dev.nsw.data;

import dev.nsw.io.AtomicFiles;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TREC run files ({@code qid Q0 docid rank score tag}, white-space separated), the exchange format of
 * trec_eval, pyserini and BEIR, so runs from other tools can be evaluated here and ours there.
 *
 * <p>On reading, documents of a query are ordered as trec_eval (and so pytrec_eval and BEIR) orders them:
 * {@link RankingOrder#TREC_EVAL}, by score descending and equal scores by doc id in <em>descending</em> order
 * (its {@code comp_sim_docno}); the rank column and the file's line order do not matter. A score that is not
 * a finite number (NaN, infinity) is refused with the file and line: trec_eval would rank a NaN anywhere.
 * Written runs are in that same order with ranks 1, 2, … and each score written exactly (the shortest
 * decimal that reads back to the same double), so two documents tie in the file exactly when they tie in
 * nsw, and rounding never makes a tie that trec_eval would break another way.
 *
 * <p>A run nsw writes for an evaluation set carries the set's {@link RetrievalDataset#queriesFingerprint()} at
 * the end of its tag ({@code nsw-dense@q1a2b3c4d5e6f}; other tools ignore the tag). Reading a run for a set
 * checks it: a run stamped for another query set is refused with one line, instead of being scored against
 * queries that merely share its ids. Runs from other tools carry no stamp and are read as they are.
 */
public final class TrecRunFile {
    private TrecRunFile() {}

    private record Line(ScoredDoc doc, int rank) {}

    private static final Pattern STAMP = Pattern.compile("@q([0-9a-f]{12})$");

    /**
     * Reads a run to score against {@code set}, refusing a run nsw stamped for another query set.
     *
     * @throws DataFormatException naming the file and line of the first line stamped for another set
     */
    public static RecallRun read(Path file, ReadOptions options, RetrievalDataset set) {
        return read(file, options, set.queriesFingerprint());
    }

    public static RecallRun read(Path file, ReadOptions options) {
        return read(file, options, (String) null);
    }

    private static RecallRun read(Path file, ReadOptions options, String expectedQueries) {
        Map<String, List<Line>> lines = new LinkedHashMap<>();
        ReadReport report = new ReadReport(file);
        Lines.forEach(file, options, report, (line, text) -> {
            String[] cols = text.strip().split("\\s+");
            if (cols.length != 6) {
                throw new DataFormatException(
                        file, line, "expected 6 columns (qid Q0 docid rank score tag), found " + cols.length);
            }
            int rank;
            double score;
            try {
                rank = Integer.parseInt(cols[3]);
                score = Double.parseDouble(cols[4]);
            } catch (NumberFormatException e) {
                if (!cols[4].matches("(?i)[+-]?(nan|inf|infinity)")) { // C's atof spellings, which trec_eval reads
                    throw new DataFormatException(
                            file,
                            line,
                            "rank must be an integer and score a number: '" + cols[3] + "', '" + cols[4] + "'");
                }
                score = Double.NaN;
                rank = 0;
            }
            if (!Double.isFinite(score)) {
                throw new DataFormatException(
                        file,
                        line,
                        "score '" + RecipeFiles.abbreviate(cols[4]) + "' of document '"
                                + RecipeFiles.abbreviate(cols[2])
                                + "' is not a finite number; trec_eval would rank it anywhere");
            }
            Matcher stamp = STAMP.matcher(cols[5]);
            if (expectedQueries != null && stamp.find() && !stamp.group(1).equals(expectedQueries)) {
                throw new DataFormatException(
                        file,
                        line,
                        "this run was made for another query set (queries fingerprint " + stamp.group(1)
                                + ", the set given has " + expectedQueries
                                + "): score it against the set it was made for");
            }
            lines.computeIfAbsent(cols[0], k -> new ArrayList<>()).add(new Line(new ScoredDoc(cols[2], score), rank));
        });
        Map<String, List<ScoredDoc>> rankings = new LinkedHashMap<>();
        lines.forEach((q, ls) -> rankings.put(q, ls.stream().map(Line::doc).toList()));
        return new RecallRun("score", rankings); // in RankingOrder.TREC_EVAL order
    }

    /** Writes a run made for {@code set}, its tag stamped with the set's queries fingerprint. */
    public static void write(Path file, RecallRun run, String tag, RetrievalDataset set) {
        write(file, run, tag + "@q" + set.queriesFingerprint());
    }

    /**
     * The score as the shortest plain decimal that parses back to the same double ({@code 12.345678329467773},
     * {@code 0.5}, {@code 3}): what trec_eval's {@code atof}, Python's {@code float} and nsw read back exactly.
     */
    static String exact(double score) {
        String s = new BigDecimal(Double.toString(score)).stripTrailingZeros().toPlainString();
        return s.equals("-0") ? "0" : s;
    }

    public static void write(Path file, RecallRun run, String tag) {
        if (tag.isEmpty() || tag.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("a TREC run tag is one word, got '" + tag + "'");
        }
        AtomicFiles.writeText(file, out -> {
            for (var e : run.rankings().entrySet()) {
                int rank = 1;
                for (ScoredDoc d : e.getValue()) {
                    out.write(String.format(
                            Locale.ROOT, "%s Q0 %s %d %s %s\n", e.getKey(), d.docId(), rank++, exact(d.score()), tag));
                }
            }
        });
    }
}
