package dev.nsw.data;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a data file holds: record count, per-column length statistics (in characters), duplicates, and the
 * problems found. Used by {@code nsw data check} and the Datasets panel.
 */
public record DataStats(
        Path file,
        FileKind kind,
        int records,
        long blankLines,
        Map<String, LengthStats> columns,
        int duplicateRecords,
        int distinctQueries,
        List<DataFormatException> problems,
        List<String> notes) {

    /** Statistics with no notes. */
    public DataStats(
            Path file,
            FileKind kind,
            int records,
            long blankLines,
            Map<String, LengthStats> columns,
            int duplicateRecords,
            int distinctQueries,
            List<DataFormatException> problems) {
        this(file, kind, records, blankLines, columns, duplicateRecords, distinctQueries, problems, List.of());
    }

    /** Length statistics of one column, in characters. */
    public record LengthStats(int min, double mean, int median, int p95, int max) {
        static LengthStats of(List<Integer> lengths) {
            if (lengths.isEmpty()) {
                return new LengthStats(0, 0, 0, 0, 0);
            }
            int[] sorted = lengths.stream().mapToInt(Integer::intValue).sorted().toArray();
            double mean = Arrays.stream(sorted).average().orElse(0);
            return new LengthStats(
                    sorted[0],
                    mean,
                    sorted[sorted.length / 2],
                    sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.95) - 1)],
                    sorted[sorted.length - 1]);
        }
    }

    /**
     * Reads and checks a file.
     *
     * @param corpus when not null, gold texts of a pair file must be in it (a missing one is a problem)
     */
    public static DataStats of(Path file, FileKind kind, ReadOptions options, Corpus corpus) {
        return switch (kind) {
            case PAIRS -> {
                DataFile<TextPair> f = RecipeFiles.readPairs(file, options);
                List<DataFormatException> problems = new ArrayList<>(f.report().skipped());
                if (corpus != null) {
                    for (TextPair p : f.records()) {
                        if (corpus.byText(p.target()).isEmpty()) {
                            DataFormatException e = new DataFormatException(
                                    file,
                                    p.line(),
                                    "gold target is not in the corpus: '" + RecipeFiles.abbreviate(p.target()) + "'");
                            if (!options.lenient()) {
                                throw e;
                            }
                            problems.add(e);
                        }
                    }
                }
                yield build(
                        file,
                        kind,
                        f.report(),
                        problems,
                        f.records().stream()
                                .map(p -> List.of(p.query(), p.target()))
                                .toList(),
                        List.of("query", "target"));
            }
            case TEXTS -> {
                DataFile<TextLine> f = RecipeFiles.readTexts(file, options);
                yield build(
                        file,
                        kind,
                        f.report(),
                        f.report().skipped(),
                        f.records().stream().map(t -> List.of(t.text())).toList(),
                        List.of("text"));
            }
            case TRIPLES -> {
                DataFile<RankingTriple> f = RecipeFiles.readTriples(file, options);
                yield build(
                        file,
                        kind,
                        f.report(),
                        f.report().skipped(),
                        f.records().stream()
                                .map(t -> List.of(t.query(), t.positive(), t.negative()))
                                .toList(),
                        List.of("query", "positive", "negative"));
            }
            case LABELED -> {
                DataFile<LabeledPair> f = RecipeFiles.readLabeledPairs(file, options);
                yield build(
                        file,
                        kind,
                        f.report(),
                        f.report().skipped(),
                        f.records().stream()
                                .map(t -> List.of(t.query(), t.title(), Integer.toString(t.label())))
                                .toList(),
                        List.of("query", "title", "label"));
            }
            case BEIR -> {
                RetrievalDataset d = Beir.load(file, "test", options);
                List<List<String>> rows = d.corpus().documents().stream()
                        .map(doc -> List.of(doc.text()))
                        .toList();
                ReadReport report = new ReadReport(file);
                yield new DataStats(
                        file,
                        kind,
                        d.corpus().size(),
                        0,
                        Map.of(
                                "document",
                                LengthStats.of(rows.stream()
                                        .map(r -> r.getFirst().length())
                                        .toList())),
                        d.corpus().duplicateTexts(),
                        d.queries().size(),
                        d.skipped(),
                        d.departures().stream()
                                .filter(x -> x.kind() != RetrievalDataset.Departure.Kind.BAD_LINES_SKIPPED)
                                .map(RetrievalDataset.Departure::message)
                                .toList());
            }
        };
    }

    private static DataStats build(
            Path file,
            FileKind kind,
            ReadReport report,
            List<DataFormatException> problems,
            List<List<String>> rows,
            List<String> columnNames) {
        Map<String, LengthStats> columns = new LinkedHashMap<>();
        for (int c = 0; c < columnNames.size(); c++) {
            int col = c;
            columns.put(
                    columnNames.get(c),
                    LengthStats.of(rows.stream()
                            .map(r -> r.get(col).codePointCount(0, r.get(col).length()))
                            .toList()));
        }
        Set<List<String>> seen = new HashSet<>();
        Set<String> queries = new HashSet<>();
        int duplicates = 0;
        for (List<String> r : rows) {
            if (!seen.add(r)) {
                duplicates++;
            }
            queries.add(r.getFirst());
        }
        return new DataStats(
                file, kind, rows.size(), report.blankLines(), columns, duplicates, queries.size(), problems);
    }

    public void print(PrintWriter out) {
        out.printf(
                Locale.ROOT,
                "%s: %s, %,d records, %,d blank lines skipped, %,d duplicate records%s%n",
                file,
                kind.cliName(),
                records,
                blankLines,
                duplicateRecords,
                kind == FileKind.TEXTS
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                ", %,d distinct %s",
                                distinctQueries,
                                kind == FileKind.BEIR ? "test queries" : "queries"));
        columns.forEach((name, s) -> out.printf(
                Locale.ROOT,
                "  %-9s chars: min %d, mean %.1f, median %d, p95 %d, max %d%n",
                name,
                s.min(),
                s.mean(),
                s.median(),
                s.p95(),
                s.max()));
        notes.forEach(n -> out.println("  " + n));
        if (!problems.isEmpty()) {
            out.printf(Locale.ROOT, "  %,d bad lines skipped:%n", problems.size());
            problems.stream().limit(20).forEach(p -> out.println("    " + p.getMessage()));
            if (problems.size() > 20) {
                out.printf(Locale.ROOT, "    ... and %,d more%n", problems.size() - 20);
            }
        }
    }
}
