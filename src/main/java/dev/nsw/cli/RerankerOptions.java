package dev.nsw.cli;

import dev.nsw.encoder.EncoderOptions;
import dev.nsw.rank.CrossEncoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The options that open a trained cross-encoder (reranker folder from {@code nsw rank train}). */
public final class RerankerOptions {
    @Spec(Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--reranker",
            paramLabel = "DIR",
            description = "Reranker folder (e.g. <save_dir>/final of `nsw rank train`).")
    Path reranker;

    @Option(
            names = "--rerank_max_seq_length",
            defaultValue = "0",
            description = "Tokens per (query, title) pair; 0 = the length the reranker was trained with.")
    int maxSeqLength;

    @Option(names = "--rerank_batch_size", defaultValue = "32", description = "Pairs per forward pass.")
    int batchSize;

    boolean given() {
        return reranker != null;
    }

    CrossEncoder open(int threads) throws IOException {
        if (reranker == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "missing --reranker DIR");
        }
        if (!Files.isDirectory(reranker) || !CrossEncoder.isReranker(reranker)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), reranker + " is not a reranker folder (train one with `nsw rank train`)");
        }
        if (batchSize < 1 || maxSeqLength < 0) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--rerank_batch_size must be >= 1 and --rerank_max_seq_length >= 0");
        }
        return CrossEncoder.load(
                reranker, EncoderOptions.defaults().withBatchSize(batchSize).withThreads(threads), maxSeqLength);
    }
}
