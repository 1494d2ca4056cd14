package dev.nsw.cli;

import dev.nsw.data.RetrievalDataset;
import dev.nsw.eval.RecallDefinition;
import dev.nsw.eval.Scoring;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options that choose how runs are scored, shared by every command that prints metrics. Without them
 * the set's own convention applies ({@link Scoring#defaultsFor}): micro recall for recipe files, macro
 * recall and no self-hits for BEIR folders.
 */
public final class ScoringOptions {
    @Spec(Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--recall",
            paramLabel = "micro|macro",
            completionCandidates = EnumChoices.Recall.class,
            description = {
                "Recall@K definition: micro = judged (query, gold) pairs found (the recipe's), macro = mean over",
                "queries of |relevant ∩ top K| / |relevant| (BEIR, trec_eval). Default: micro for recipe files, macro for BEIR folders."
            })
    RecallDefinition recall;

    @Option(
            names = "--cutoffs",
            paramLabel = "K,K,...",
            split = ",",
            description = "Recall cut-offs, ascending (default: 1,5,10,20,50, and 100 when the run is 100 deep).")
    List<Integer> cutoffs;

    @Option(
            names = "--keep_identical_ids",
            description =
                    "Score results whose doc id equals the query id (BEIR drops them; the default for BEIR folders drops them too).")
    boolean keepIdenticalIds;

    @Option(names = "--keep-identical-ids", hidden = true)
    void oldKeepIdenticalIds(boolean value) {
        keepIdenticalIds = value;
    }

    /** The scoring for {@code dataset}: its defaults with the user's choices in their place. */
    Scoring scoring(RetrievalDataset dataset) {
        return CliSupport.usage(
                spec,
                "--cutoffs: ",
                () -> Scoring.of(
                        dataset,
                        Optional.ofNullable(recall),
                        keepIdenticalIds ? Optional.of(false) : Optional.empty(),
                        cutoffs == null ? List.of() : cutoffs));
    }
}
