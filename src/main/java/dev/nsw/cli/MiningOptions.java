package dev.nsw.cli;

import dev.nsw.data.ReadOptions;
import dev.nsw.data.TextPair;
import dev.nsw.job.CancellationToken;
import dev.nsw.retrieval.NegativeMining;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** How to mine negatives for positive-only pairs, shared by train and mine. */
final class MiningOptions {
    @Option(
            names = "--mine",
            paramLabel = "bm25|dense",
            completionCandidates = EnumChoices.MiningSource.class,
            description = "Mine --negatives negatives per pair from BM25 or dense recall over --corpus.")
    dev.nsw.retrieval.HardNegatives.Source mine;

    @Option(
            names = "--mine_run",
            paramLabel = "RUN",
            description =
                    "Mine them from this first-stage TREC run of the pair file instead (the run you will rerank: nsw "
                            + "recall, bm25 or any system, made with --similar_text_pair PAIRS --corpus CORPUS; doc ids are "
                            + "--corpus line numbers).")
    Path mineRun;

    @Option(
            names = "--corpus",
            paramLabel = "FILE",
            description =
                    "Texts to mine negatives from, one a line (default: the distinct positives of the pair file; --mine_run needs it).")
    Path corpus;

    @Option(
            names = "--mine_top_n",
            defaultValue = "50",
            description = "Look for negatives among this many recalled texts.")
    int topN;

    @Option(
            names = "--negatives",
            paramLabel = "N",
            description =
                    "Negatives per pair (default 1): N distinct texts drawn with --seed from the top --mine_top_n "
                            + "minus every gold text of the query, kept in first-stage order; pairs with fewer are skipped. "
                            + "For a .jsonl training file: N of each line's negatives.")
    Integer negatives;

    int negatives() {
        return negatives == null ? 1 : negatives;
    }

    boolean given() {
        return mine != null || mineRun != null;
    }

    void check(CommandLine.Model.CommandSpec spec) {
        if (negatives != null && negatives < 1) {
            throw new ParameterException(spec.commandLine(), "--negatives must be >= 1, got " + negatives);
        }
        if (topN < 1) {
            throw new ParameterException(spec.commandLine(), "--mine_top_n must be >= 1, got " + topN);
        }
        if (mine != null && mineRun != null) {
            throw new ParameterException(spec.commandLine(), "give --mine bm25|dense or --mine_run RUN, not both");
        }
        if (mineRun != null && corpus == null) {
            throw new ParameterException(
                    spec.commandLine(), "--mine_run needs --corpus FILE: the corpus the run's document ids name");
        }
    }

    /** Where the negatives came from, for messages and run records. */
    String source() {
        return mineRun != null ? "run " + mineRun.getFileName() : mine.name().toLowerCase(Locale.ROOT);
    }

    NegativeMining.Result mine(
            CommandLine.Model.CommandSpec spec,
            Path pairsFile,
            List<TextPair> pairs,
            ModelOptions model,
            long seed,
            ReadOptions read)
            throws Exception {
        check(spec);
        if (!given()) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--pairs needs --mine bm25|dense or --mine_run RUN (positive-only pairs have no negatives)");
        }
        return NegativeMining.mine(
                pairs,
                pairsFile,
                mineRun,
                mine,
                corpus,
                model::open,
                topN,
                negatives(),
                seed,
                read,
                ConsoleProgress.of(spec),
                CancellationToken.NEVER);
    }

    /** The mining settings and counts, as run.json records them. */
    Map<String, Object> record(NegativeMining.Result mined) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", mineRun != null ? "run" : mine.name());
        if (mineRun != null) {
            m.put("run", mineRun.toAbsolutePath().toString());
        }
        m.put(
                "corpus",
                corpus == null
                        ? "(the pair file's positives)"
                        : corpus.toAbsolutePath().toString());
        m.put("top_n", topN);
        m.put("negatives", negatives());
        m.put("mined", mined.mined());
        m.put("skipped", mined.skipped());
        return m;
    }

    String summary(NegativeMining.Result mined) {
        return String.format(
                Locale.ROOT,
                "mined %,d negatives (%d a pair) from %s (top %d); skipped %,d pairs with %s",
                mined.mined() * negatives(),
                negatives(),
                source(),
                topN,
                mined.skipped(),
                negatives() == 1 ? "no usable candidate" : "fewer than " + negatives() + " usable candidates");
    }
}
