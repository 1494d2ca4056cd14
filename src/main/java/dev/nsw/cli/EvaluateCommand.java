package dev.nsw.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nsw.data.RecallResultFile;
import dev.nsw.data.RecallRun;
import dev.nsw.data.RetrievalDataset;
import dev.nsw.data.TrecRunFile;
import dev.nsw.eval.PairedSignificance;
import dev.nsw.eval.RetrievalMetrics;
import dev.nsw.eval.RunSignificance;
import dev.nsw.eval.Scoring;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nsw evaluate}: scores recall result files or TREC runs against gold pairs. Accepts the recipe's
 * own flag names ({@code --similar_text_pair}, {@code --recall_result_file}, {@code --recall_num}).
 */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description = {
            "Score recall results against gold pairs: Recall@1/5/10/20/50 (and @100 for deep runs), MRR@10, nDCG@10.",
            "--top_k K scores each run's first K results (default: 50 of a recipe result file, all of a TREC run).",
            "Recipe files are scored the recipe's way (micro recall), BEIR folders BEIR's way (macro recall,",
            "graded nDCG, a query's own id never a hit); --recall, --cutoffs and --keep_identical_ids change that.",
            "Recipe result files match texts, so --corpus is optional for them; TREC runs match ids."
        })
public final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    EvalSetOptions set;

    @Mixin
    ScoringOptions scoringOptions;

    @ArgGroup(exclusive = false, multiplicity = "1")
    Runs runs;

    static final class Runs {
        @Option(
                names = "--recall_result_file",
                paramLabel = "FILE",
                description = "Recipe recall result file(s) (query \\t text \\t score).")
        List<Path> resultFiles = new ArrayList<>();

        @Option(
                names = "--trec_run",
                paramLabel = "FILE",
                description = "TREC run file(s) (qid Q0 docid rank score tag).")
        List<Path> trecRuns = new ArrayList<>();

        /** Runs given with the old spelling; they are scored after the others. */
        private final List<Path> oldSpelling = new ArrayList<>();

        // picocli hands the setter of a list option the whole list so far: the newest is the last
        @Option(names = "--trec-run", hidden = true, paramLabel = "FILE")
        void oldTrecRun(List<Path> files) {
            if (!files.isEmpty()) {
                oldSpelling.add(files.getLast());
            }
        }

        List<Path> trecRuns() {
            List<Path> all = new ArrayList<>(trecRuns);
            all.addAll(oldSpelling);
            return all;
        }
    }

    /** No default: 50 of a recipe result file, all of a TREC run (the command's description says so). */
    @Mixin
    CutoffOptions cutoff = new CutoffOptions(null);

    @Option(names = "--json", description = "Print the metrics as JSON instead of a table.")
    boolean json;

    @Option(
            names = "--significance",
            description = {
                "With two or more runs: paired randomization test, t-test and 95%% "
                        + "bootstrap CI of each run against the first on R@10, MRR@10 and nDCG@10 (Holm-corrected for more than one run)."
            })
    boolean significance;

    @Option(
            names = "--permutations",
            defaultValue = "10000",
            paramLabel = "N",
            description = "Random sign flips of the randomization test when it is not exact (>= 10000).")
    int permutations;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the randomization test and the bootstrap.")
    long seed;

    @Override
    public Integer call() throws Exception {
        Integer recallNum = cutoff.orNull();
        if (!runs.trecRuns().isEmpty() && set.pairs != null && set.corpus == null) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "a TREC run names documents by id: give --corpus too (recipe ids are corpus line numbers)");
        }
        RetrievalDataset dataset = set.load(false);
        Scoring scoring = scoringOptions.scoring(dataset);
        List<MetricsTable.Row> rows = new ArrayList<>();
        for (Path f : runs.resultFiles) {
            RecallRun run = RecallResultFile.read(f, dataset, recallNum == null ? 50 : recallNum, set.readOptions());
            rows.add(
                    new MetricsTable.Row(f.getFileName().toString(), RetrievalMetrics.evaluate(dataset, run, scoring)));
        }
        for (Path f : runs.trecRuns()) {
            RecallRun run = TrecRunFile.read(f, set.readOptions(), dataset);
            if (recallNum != null) {
                run = run.truncated(recallNum);
            }
            rows.add(
                    new MetricsTable.Row(f.getFileName().toString(), RetrievalMetrics.evaluate(dataset, run, scoring)));
        }
        if (!dataset.skipped().isEmpty()) {
            spec.commandLine()
                    .getErr()
                    .println("skipped " + dataset.skipped().size() + " bad lines (--lenient); first: "
                            + dataset.skipped().getFirst().getMessage());
        }
        RunSignificance sig = null;
        if (significance) {
            if (rows.size() < 2) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "--significance compares runs: give at least two result files or TREC runs");
            }
            if (permutations < 10_000) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--permutations must be >= 10000, got " + permutations);
            }
            sig = RunSignificance.against(
                    rows.stream()
                            .map(r -> new RunSignificance.NamedReport(r.name(), r.report()))
                            .toList(),
                    new PairedSignificance.Options(permutations, PairedSignificance.DEFAULT_BOOTSTRAP, seed));
        }
        if (json) {
            List<Map<String, Object>> out = new ArrayList<>();
            for (MetricsTable.Row r : rows) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("run", r.name());
                m.putAll(r.report().summary());
                out.add(m);
            }
            Object doc = out.size() == 1 ? out.getFirst() : out;
            if (sig != null) {
                doc = Map.of("runs", out, "significance", SignificanceTable.json(sig), "method", sig.method());
            }
            spec.commandLine()
                    .getOut()
                    .println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(doc));
        } else {
            MetricsTable.print(spec.commandLine().getOut(), rows);
            if (sig != null) {
                SignificanceTable.print(spec.commandLine().getOut(), sig);
            }
        }
        return 0;
    }
}
