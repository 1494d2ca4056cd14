package dev.nsw.retrieval;

import dev.nsw.data.Corpus;
import dev.nsw.data.Document;
import dev.nsw.encoder.Encoder;
import dev.nsw.encoder.TextEncoder;
import dev.nsw.io.AtomicFiles;
import dev.nsw.io.NpyFile;
import dev.nsw.io.RefusedWriteException;
import dev.nsw.job.CancellationToken;
import dev.nsw.job.ProgressListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Corpus embeddings cached in a {@code .npy} file (float32 [N, D], the recipe's {@code corpus_embedding.npy}),
 * with a sidecar {@code <file>.model-id} holding {@link Encoder#modelId()} and, on its second line, the
 * corpus {@link Corpus#fingerprint()}: a cache made by another model or for other texts (even of the same
 * count, e.g. shuffled) is recomputed, never used. A {@code .npy} without the sidecar was not written here
 * and is never overwritten. A folder of shards with a manifest ({@link ShardedEmbeddings}, {@code nsw embed --spark}) is
 * read the same way, bound the same way, and never written.
 */
public final class CorpusEmbeddings {
    private CorpusEmbeddings() {}

    /** Reads the cache when it matches this encoder and corpus; otherwise embeds the corpus and writes it. */
    public static float[][] loadOrCompute(
            TextEncoder encoder, Corpus corpus, Path npy, ProgressListener progress, CancellationToken cancel)
            throws IOException {
        return load(encoder, corpus, npy, progress, cancel).vectors();
    }

    /**
     * Corpus vectors and where they came from.
     *
     * @param vectors float32 [N, D], row i = document i of the corpus
     * @param reused true when read from the cache file, false when the corpus was embedded now
     */
    public record Cached(float[][] vectors, boolean reused) {}

    /** {@link #loadOrCompute}, telling whether the cache was used (callers show it; tests assert no re-embedding). */
    public static Cached load(
            TextEncoder encoder, Corpus corpus, Path npy, ProgressListener progress, CancellationToken cancel)
            throws IOException {
        if (ShardedEmbeddings.isSharded(npy)) {
            // the folder of shards `nsw embed --spark` made: read as one matrix, never written here
            float[][] vectors = ShardedEmbeddings.read(npy, encoder.modelId(), corpus.fingerprint());
            progress.progress(corpus.size(), corpus.size(), "corpus embeddings read from the shards in " + npy);
            return new Cached(vectors, true);
        }
        Path idFile = npy.resolveSibling(npy.getFileName() + ".model-id");
        if (Files.exists(npy) && !Files.isRegularFile(idFile)) {
            throw new RefusedWriteException(
                    "refusing to use or overwrite " + npy + ": it was not written as a corpus embedding cache"
                            + " by nsw (no " + idFile.getFileName() + " beside it); choose a new file name");
        }
        String binding = encoder.modelId() + "\n" + corpus.fingerprint();
        if (Files.isRegularFile(npy)
                && Files.readString(idFile, StandardCharsets.UTF_8).strip().equals(binding)) {
            NpyFile.Header h = NpyFile.readHeader(npy);
            if (h.shape().length == 2 && h.shape()[0] == corpus.size() && h.shape()[1] == encoder.dimension()) {
                progress.progress(corpus.size(), corpus.size(), "corpus embeddings read from " + npy);
                return new Cached(NpyFile.readVectors(npy), true);
            }
        }
        // Streamed to disk chunk by chunk (memory holds one chunk while embedding; an interrupted run resumes).
        EmbeddingFile.write(
                encoder,
                corpus.documents().stream().map(Document::text).toList(),
                npy,
                corpus.fingerprint(),
                "corpus",
                progress,
                cancel);
        AtomicFiles.writeText(idFile, w -> w.write(binding + "\n"));
        return new Cached(NpyFile.readVectors(npy), false);
    }
}
