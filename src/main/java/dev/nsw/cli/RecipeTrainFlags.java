package dev.nsw.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The recipe's training-script flags ({@code train_batch_neg.py}, SimCSE's {@code train.py}) beyond the ones
 * nsw implements under the same name: those that mean nothing here are accepted and noted on stderr; those
 * nsw cannot honour stop with a usage error naming the flag, unless they ask for what nsw does anyway.
 */
public final class RecipeTrainFlags {
    @Spec(Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    RecipeFlags common;

    private void note(String flag, Object value, String why) {
        RecipeFlags.note(spec, flag, value, why);
    }

    private CommandLine.ParameterException unsupported(String flag, Object value, String why) {
        return new CommandLine.ParameterException(spec.commandLine(), flag + " " + value + " is not supported: " + why);
    }

    @Option(
            names = "--recall_result_dir",
            paramLabel = "DIR",
            description = "Accepted and ignored (the recipe's in-training recall output).")
    void recallResultDir(String v) {
        note(
                "--recall_result_dir",
                v,
                "nsw evaluates the dev set in memory (--similar_text_pair_file with --corpus_file)");
    }

    @Option(
            names = "--recall_result_file",
            paramLabel = "FILE",
            description = "Accepted and ignored (the recipe's in-training recall output).")
    void recallResultFile(String v) {
        note("--recall_result_file", v, "nsw evaluates the dev set in memory");
    }

    @Option(
            names = {"--hnsw_m", "--hnsw_ef"},
            paramLabel = "N",
            description = "Accepted and ignored: dev evaluation searches exactly.")
    void hnsw(String v) {
        note("--hnsw_m/--hnsw_ef", v, "nsw's dev evaluation searches exactly");
    }

    @Option(names = "--recall_num", paramLabel = "N", description = "Accepted and ignored: dev evaluation recalls 50.")
    void recallNum(String v) {
        note("--recall_num", v, "nsw's dev evaluation recalls the top 50");
    }

    @Option(
            names = "--evaluate",
            arity = "0..1",
            paramLabel = "BOOL",
            description =
                    "Accepted and ignored: the dev set is scored whenever --similar_text_pair_file/--dev_pairs is given.")
    void evaluate(String v) {
        note("--evaluate", v, "nsw scores the dev set whenever one is given");
    }

    @Option(
            names = "--infer_with_fc_pooler",
            arity = "0..1",
            paramLabel = "BOOL",
            description =
                    "Accepted: nsw always embeds through the projection when the model has one (--output_emb_size).")
    void inferWithFcPooler(String v) {
        note(
                "--infer_with_fc_pooler",
                v,
                "nsw always embeds through the projection (--output_emb_size) when there is one");
    }

    @Option(
            names = "--test_set_file",
            paramLabel = "FILE",
            description =
                    "Accepted and ignored: SimCSE's labelled test pairs; nsw scores Recall@K on --dev_pairs instead.")
    void testSetFile(String v) {
        note("--test_set_file", v, "nsw scores Recall@K on --dev_pairs/--similar_text_pair_file instead");
    }

    @Option(
            names = "--dropout",
            paramLabel = "P",
            description =
                    "Only the model's own dropout (0.1 for the bundled models) is supported; another value stops.")
    void dropout(double p) {
        if (Math.abs(p - 0.1) > 1e-9) {
            throw unsupported(
                    "--dropout", p, "nsw trains with the dropout in the model's config (0.1 for the bundled models)");
        }
    }

    @Option(names = "--dup_rate", paramLabel = "R", description = "ESimCSE word repetition: only 0 (off) is supported.")
    void dupRate(double r) {
        if (r != 0) {
            throw unsupported("--dup_rate", r, "ESimCSE word repetition is not implemented (use 0)");
        }
    }

    @Option(names = "--rdrop_coef", paramLabel = "C", description = "R-Drop: only 0 (off) is supported.")
    void rdropCoef(double c) {
        if (c != 0) {
            throw unsupported("--rdrop_coef", c, "R-Drop regularisation is not implemented (use 0)");
        }
    }

    @Option(
            names = "--use_gradient_cache",
            arity = "0..1",
            paramLabel = "BOOL",
            description =
                    "The recipe's gradient cache: with --chunk_numbers C, the same as --grad_cache_chunk ceil(batch/C).")
    Boolean useGradientCache;

    @Option(
            names = "--chunk_numbers",
            paramLabel = "C",
            description = "Chunks per batch for --use_gradient_cache (recipe default 50).")
    Integer chunkNumbers;

    /** The gradient-cache chunk size the recipe's flags ask for, or 0 when they do not. */
    int gradientCacheChunk(int batchSize) {
        if (useGradientCache == null || !useGradientCache) {
            return 0;
        }
        int chunks = chunkNumbers == null ? 50 : chunkNumbers;
        if (chunks < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--chunk_numbers must be >= 1, got " + chunks);
        }
        return Math.max(1, (batchSize + chunks - 1) / chunks);
    }
}
