package dev.nsw.cli;

import dev.nsw.eval.PairedSignificance;
import dev.nsw.eval.RunSignificance;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints {@link RunSignificance} as an aligned text table (one row per run and metric) or as JSON-ready maps. */
final class SignificanceTable {
    private SignificanceTable() {}

    static void print(PrintWriter out, RunSignificance s) {
        out.println();
        out.println("Significance against " + s.baseline() + ":");
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"run", "metric", "baseline", "run", "diff", "95% CI", "p perm", "p t", "p Holm", ""});
        for (RunSignificance.Comparison c : s.comparisons()) {
            PairedSignificance.Result r = c.result();
            String fmt = c.metric() == RunSignificance.Metric.RECALL_10 ? "%.3f" : "%.4f";
            rows.add(new String[] {
                c.run(),
                c.metric().label(),
                f(fmt, r.meanB()),
                f(fmt, r.meanA()),
                f(fmt.replace("%", "%+"), r.meanDiff()),
                "[" + f(fmt.replace("%", "%+"), r.ciLow()) + ", " + f(fmt.replace("%", "%+"), r.ciHigh()) + "]",
                p(r.randomizationP()) + (r.exact() ? " (exact)" : ""),
                p(r.tTestP()),
                p(c.holmP()),
                c.mark()
            });
        }
        int[] width = new int[rows.getFirst().length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                String cell = row[i];
                boolean left = i <= 1;
                String pad = " ".repeat(width[i] - cell.length());
                line.append(i == 0 ? "" : "  ").append(left ? cell + pad : pad + cell);
            }
            out.println(line.toString().stripTrailing());
        }
        out.println("(" + s.method() + ")");
        out.flush();
    }

    /** One map per comparison for {@code --json}. */
    static List<Map<String, Object>> json(RunSignificance s) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (RunSignificance.Comparison c : s.comparisons()) {
            PairedSignificance.Result r = c.result();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("run", c.run());
            m.put("baseline", s.baseline());
            m.put("metric", c.metric().label());
            m.put("queries", r.n());
            m.put("mean_baseline", r.meanB());
            m.put("mean_run", r.meanA());
            m.put("mean_diff", r.meanDiff());
            m.put("ci95", List.of(r.ciLow(), r.ciHigh()));
            m.put("p_randomization", r.randomizationP());
            m.put("randomization_exact", r.exact());
            m.put("t", Double.isInfinite(r.t()) ? String.valueOf(r.t()) : r.t());
            m.put("df", r.df());
            m.put("p_t_test", r.tTestP());
            m.put("p_holm", c.holmP());
            m.put("significant", c.significant());
            list.add(m);
        }
        return list;
    }

    private static String f(String fmt, double v) {
        return String.format(Locale.ROOT, fmt, v);
    }

    private static String p(double v) {
        return v < 1e-4 ? String.format(Locale.ROOT, "%.1e", v) : String.format(Locale.ROOT, "%.4f", v);
    }
}
