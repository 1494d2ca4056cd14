package dev.nsw.data;

import dev.nsw.io.AtomicFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * TREC run files ({@code qid Q0 docid rank score tag}, white-space separated), the exchange format of
 * trec_eval, pyserini and BEIR, so runs from other tools can be evaluated here and ours there.
 *
 * <p>On reading, documents of a query are ordered as trec_eval (and so pytrec_eval and BEIR) orders them:
 * by score, descending, and equal scores by doc id in <em>descending</em> string order (its
 * {@code comp_sim_docno}); the rank column and the file's line order do not matter. Written runs have
 * ranks 1, 2, … and six decimals of score, which trec_eval accepts as they are.
 *
 * <p>A run nsw writes for an evaluation set carries the set's {@link RetrievalDataset#queriesFingerprint()} at
 * the end of its tag ({@code nsw-dense@q1a2b3c4d5e6f}; other tools ignore the tag). Reading a run for a set
 * checks it: a run stamped for another query set is refused with one line, instead of being scored against
 * queries that merely share its ids. Runs from other tools carry no stamp and are read as they are.
 */
public final class TrecRunFile {
    private TrecRunFile() {}

    private record Line(ScoredDoc doc, int rank) {}

    private static final java.util.regex.Pattern STAMP = java.util.regex.Pattern.compile("@q([0-9a-f]{12})$");

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
                throw new DataFormatException(
                        file, line, "rank must be an integer and score a number: '" + cols[3] + "', '" + cols[4] + "'");
            }
            java.util.regex.Matcher stamp = STAMP.matcher(cols[5]);
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
        Comparator<Line> order = Comparator.comparingDouble((Line l) -> l.doc().score())
                .reversed()
                .thenComparing((Line l) -> l.doc().docId(), Comparator.reverseOrder());
        lines.forEach((q, ls) ->
                rankings.put(q, ls.stream().sorted(order).map(Line::doc).toList()));
        return new RecallRun("score", rankings);
    }

    /** Writes a run made for {@code set}, its tag stamped with the set's queries fingerprint. */
    public static void write(Path file, RecallRun run, String tag, RetrievalDataset set) {
        write(file, run, tag + "@q" + set.queriesFingerprint());
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
                            Locale.ROOT, "%s Q0 %s %d %.6f %s\n", e.getKey(), d.docId(), rank++, d.score(), tag));
                }
            }
        });
    }
}
