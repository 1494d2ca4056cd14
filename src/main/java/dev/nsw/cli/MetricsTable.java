package dev.nsw.cli;

import dev.nsw.eval.MetricsReport;
import java.io.PrintWriter;
import java.util.List;

/** Prints metrics rows as an aligned text table: one row per run, one column per metric. */
final class MetricsTable {
    private MetricsTable() {}

    record Row(String name, MetricsReport report) {}

    static void print(PrintWriter out, List<Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        List<String> header = rows.getFirst().report().header();
        int nameWidth =
                Math.max(3, rows.stream().mapToInt(r -> r.name().length()).max().orElse(3));
        StringBuilder h = new StringBuilder(pad("run", nameWidth));
        header.forEach(c -> h.append("  ").append(padLeft(c, 8)));
        out.println(h);
        for (Row r : rows) {
            StringBuilder line = new StringBuilder(pad(r.name(), nameWidth));
            r.report().row().forEach(v -> line.append("  ").append(padLeft(v, 8)));
            out.println(line);
        }
        MetricsReport first = rows.getFirst().report();
        out.printf(
                "(%s: %,d queries, %,d judged pairs; Recall@K in %%, MRR/nDCG as fractions)%n",
                first.dataset(), first.queries(), first.goldPairs());
        rows.stream().map(r -> r.report().scoring()).distinct().forEach(s -> out.println("(" + s + ")"));
        out.flush();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    private static String padLeft(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }
}
