package dev.nsw.retrieval;

import dev.nsw.data.Corpus;
import dev.nsw.data.Document;
import dev.nsw.encoder.Encoder;
import dev.nsw.encoder.TextEncoder;
import dev.nsw.io.NpyFile;
import dev.nsw.job.CancellationToken;
import dev.nsw.job.ProgressListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Corpus embeddings cached in a {@code .npy} file (float32 [N, D], the recipe's {@code corpus_embedding.npy}),
 * with a sidecar {@code <file>.model-id} holding {@link Encoder#modelId()}: a cache made by another model or
 * for a corpus of another size is recomputed, never used.
 */
public final class CorpusEmbeddings {
    private CorpusEmbeddings() {}

    /** Reads the cache when it matches this encoder and corpus; otherwise embeds the corpus and writes it. */
    public static float[][] loadOrCompute(TextEncoder encoder, Corpus corpus, Path npy, ProgressListener progress,
            CancellationToken cancel) throws IOException {
        Path idFile = npy.resolveSibling(npy.getFileName() + ".model-id");
        if (Files.isRegularFile(npy) && Files.isRegularFile(idFile)
                && Files.readString(idFile, StandardCharsets.UTF_8).strip().equals(encoder.modelId())) {
            NpyFile.Header h = NpyFile.readHeader(npy);
            if (h.shape().length == 2 && h.shape()[0] == corpus.size() && h.shape()[1] == encoder.dimension()) {
                progress.progress(corpus.size(), corpus.size(), "corpus embeddings read from " + npy);
                return NpyFile.read(npy);
            }
        }
        float[][] vectors = DenseRecall.embed(encoder, corpus.documents().stream().map(Document::text).toList(), "corpus",
                progress, cancel);
        if (npy.toAbsolutePath().getParent() != null) {
            Files.createDirectories(npy.toAbsolutePath().getParent());
        }
        NpyFile.write(npy, vectors);
        Files.writeString(idFile, encoder.modelId() + "\n", StandardCharsets.UTF_8);
        return vectors;
    }
}
