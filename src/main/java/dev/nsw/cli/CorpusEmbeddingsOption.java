package dev.nsw.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --corpus_embeddings FILE.npy|DIR} in the commands that embed a corpus to search it (index, recall, search):
 * a cache read when it matches the model and corpus and written otherwise ({@code retrieval.CorpusEmbeddings}), or the
 * folder of shards {@code nsw embed --spark} made, read only.
 */
public final class CorpusEmbeddingsOption {
    @Option(
            names = "--corpus_embeddings",
            paramLabel = "FILE.npy|DIR",
            description =
                    "Cache of the corpus embeddings: read when it matches the model and corpus, else written; or the"
                            + " folder of shards `nsw embed --spark` made (read only).")
    @Writes
    Path path;
}
