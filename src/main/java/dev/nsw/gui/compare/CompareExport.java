package dev.nsw.gui.compare;

import dev.nsw.data.Csv;
import dev.nsw.data.Query;
import dev.nsw.data.RetrievalDataset;
import dev.nsw.eval.RetrievalMetrics;
import dev.nsw.eval.Scoring;
import dev.nsw.io.AtomicFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Compare's tables as CSV files ({@link Csv}), written atomically; the chart's PNG is the view's snapshot. */
final class CompareExport {
    private CompareExport() {}

    /** The metrics table: one line per run (header: run, R@1 … nDCG@10, queries). */
    static void metrics(Path file, List<RunResult> runs) {
        List<String> lines = new ArrayList<>();
        if (!runs.isEmpty()) {
            List<String> header = new ArrayList<>(List.of("run"));
            header.addAll(runs.getFirst().metrics().header());
            header.add("queries");
            lines.add(String.join(",", header));
            for (RunResult r : runs) {
                List<String> row = new ArrayList<>(List.of(Csv.field(r.name())));
                row.addAll(r.metrics().row());
                row.add(Integer.toString(r.metrics().queries()));
                lines.add(String.join(",", row));
            }
        }
        AtomicFiles.writeText(file, out -> {
            for (String l : lines) {
                out.write(l);
                out.write('\n');
            }
        });
    }

    /**
     * One line per test query: its id and text, then for each run the rank of the first gold document in the top
     * {@link Scoring#RECALL_NUM} (0 = not found) — what a spreadsheet or a significance test takes.
     */
    static void perQuery(Path file, List<RunResult> runs, RetrievalDataset set) {
        List<RunResult> all = List.copyOf(runs);
        AtomicFiles.writeText(file, out -> {
            StringBuilder header = new StringBuilder("query_id,query");
            for (RunResult r : all) {
                header.append(',').append(Csv.field(r.name() + " first gold rank"));
            }
            out.write(header.append('\n').toString());
            if (set == null) {
                return;
            }
            for (Query q : set.queries()) {
                StringBuilder line =
                        new StringBuilder(Csv.field(q.id())).append(',').append(Csv.field(q.text()));
                for (RunResult r : all) {
                    line.append(',')
                            .append(RetrievalMetrics.firstRelevantRank(r.run().ranking(q.id()), set.relevant(q.id())));
                }
                out.write(line.append('\n').toString());
            }
        });
    }
}
