package dev.nsw.cli;

import dev.nsw.data.RecallResultFile;
import dev.nsw.data.RecallRun;
import dev.nsw.data.RetrievalDataset;
import dev.nsw.data.TrecRunFile;
import dev.nsw.eval.RetrievalMetrics;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** What a recall command does with its run: the recipe's result file, a TREC run, a metrics table. */
public final class RecallOutputOptions {
    @Spec(Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    CutoffOptions cutoff = new CutoffOptions(50);

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "Write the recipe's recall result file here.")
    @Writes
    Path output;

    @Option(names = "--recall_result_file", hidden = true, paramLabel = "FILE")
    void recipeOutput(Path file) {
        output = file;
    }

    @Option(
            names = "--recall_result_dir",
            paramLabel = "DIR",
            description =
                    "The recipe's folder for the result file: writes DIR/<--output> (default name recall_result.txt).")
    Path outputDir;

    @Option(names = "--trec_run", paramLabel = "FILE", description = "Write a TREC run file here.")
    @Writes
    Path trecRun;

    @Option(names = "--trec-run", hidden = true, paramLabel = "FILE")
    void oldTrecRun(Path file) {
        trecRun = file;
    }

    @Option(names = "--evaluate", description = "Print Recall@1/5/10/20/50, MRR@10 and nDCG@10.")
    boolean evaluate;

    @CommandLine.Mixin
    ScoringOptions scoring;

    /** The depth recalled per query. */
    int recallNum() {
        return cutoff.k();
    }

    /** Fails as a usage error when the depth is bad or nothing would come out of the run. */
    void validate() {
        cutoff.k();
        if (outputDir != null) {
            // As the recipe joins them: os.path.join(recall_result_dir, recall_result_file).
            output = outputDir.resolve(output == null ? Path.of("recall_result.txt") : output);
        }
        if (output == null && trecRun == null && !evaluate) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "nothing to do: give --output FILE, --trec_run FILE and/or --evaluate");
        }
    }

    /**
     * How deep to recall so that {@code --top_k} results per query are left after the scoring's rules
     * ({@link dev.nsw.eval.Scoring#retrievalDepth}: one more when a query's own id is dropped).
     */
    int retrievalDepth(RetrievalDataset dataset) {
        return scoring.scoring(dataset).retrievalDepth(recallNum());
    }

    /**
     * Writes and/or prints the run as asked; {@code name} labels the metrics row, {@code tag} the TREC run. The
     * run recalled to {@link #retrievalDepth} is shaped once ({@link dev.nsw.eval.Scoring#asWritten}: a query's
     * own id dropped under BEIR's rule, {@code --top_k} deep) and that one run is written and scored, so
     * the files and the printed metrics agree, in nsw and in trec_eval.
     */
    void emit(RetrievalDataset dataset, RecallRun recalled, String name, String tag) {
        var err = spec.commandLine().getErr();
        RecallRun run = scoring.scoring(dataset).asWritten(recalled, recallNum());
        if (output != null) {
            RecallResultFile.write(output, dataset, run);
            err.println("wrote " + output);
        }
        if (trecRun != null) {
            TrecRunFile.write(trecRun, run, tag, dataset);
            err.println("wrote " + trecRun);
        }
        if (evaluate) {
            MetricsTable.print(
                    spec.commandLine().getOut(),
                    List.of(new MetricsTable.Row(
                            name, RetrievalMetrics.evaluate(dataset, run, scoring.scoring(dataset)))));
        }
    }
}
