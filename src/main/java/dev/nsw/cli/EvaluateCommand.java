package dev.nsw.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nsw.data.RecallResultFile;
import dev.nsw.data.RecallRun;
import dev.nsw.data.RetrievalDataset;
import dev.nsw.data.TrecRunFile;
import dev.nsw.eval.RetrievalMetrics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nsw evaluate}: scores recall result files or TREC runs against gold pairs. Accepts the recipe's
 * own flag names ({@code --similar_text_pair}, {@code --recall_result_file}, {@code --recall_num}).
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Score recall results against gold pairs: Recall@1/5/10/20/50, MRR@10, nDCG@10.",
                "Recipe result files match texts, so --corpus is optional for them; TREC runs match ids."})
public final class EvaluateCommand implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin EvalSetOptions set;

    @ArgGroup(exclusive = false, multiplicity = "1")
    Runs runs;

    static final class Runs {
        @Option(names = "--recall_result_file", paramLabel = "FILE", description = "Recipe recall result file(s) (query \\t text \\t score).")
        List<Path> resultFiles = new ArrayList<>();

        @Option(names = "--trec-run", paramLabel = "FILE", description = "TREC run file(s) (qid Q0 docid rank score tag).")
        List<Path> trecRuns = new ArrayList<>();
    }

    @Option(names = "--recall_num", defaultValue = "50", description = "Results per query to use (default: ${DEFAULT-VALUE}).")
    int recallNum;

    @Option(names = "--json", description = "Print the metrics as JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (recallNum < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--recall_num must be >= 1, got " + recallNum);
        }
        if (!runs.trecRuns.isEmpty() && set.pairs != null && set.corpus == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "a TREC run names documents by id: give --corpus too (recipe ids are corpus line numbers)");
        }
        RetrievalDataset dataset = set.load(false);
        List<MetricsTable.Row> rows = new ArrayList<>();
        for (Path f : runs.resultFiles) {
            RecallRun run = RecallResultFile.read(f, dataset, recallNum, set.readOptions());
            rows.add(new MetricsTable.Row(f.getFileName().toString(), RetrievalMetrics.evaluate(dataset, run)));
        }
        for (Path f : runs.trecRuns) {
            RecallRun run = truncate(TrecRunFile.read(f, set.readOptions()), recallNum);
            rows.add(new MetricsTable.Row(f.getFileName().toString(), RetrievalMetrics.evaluate(dataset, run)));
        }
        if (!dataset.skipped().isEmpty()) {
            spec.commandLine().getErr().println("skipped " + dataset.skipped().size() + " bad lines (--lenient); first: "
                    + dataset.skipped().getFirst().getMessage());
        }
        if (json) {
            List<Map<String, Object>> out = new ArrayList<>();
            for (MetricsTable.Row r : rows) {
                Map<String, Object> m = new java.util.LinkedHashMap<>();
                m.put("run", r.name());
                m.putAll(r.report().summary());
                out.add(m);
            }
            spec.commandLine().getOut().println(new ObjectMapper().writerWithDefaultPrettyPrinter()
                    .writeValueAsString(out.size() == 1 ? out.getFirst() : out));
        } else {
            MetricsTable.print(spec.commandLine().getOut(), rows);
        }
        return 0;
    }

    private static RecallRun truncate(RecallRun run, int depth) {
        Map<String, List<dev.nsw.data.ScoredDoc>> cut = new java.util.LinkedHashMap<>();
        run.rankings().forEach((q, docs) -> cut.put(q, docs.subList(0, Math.min(depth, docs.size()))));
        return new RecallRun(run.scoreKind(), cut);
    }

}
