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
 * and is never overwritten.
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
        return load(
                encoder,
                corpus.documents().stream().map(Document::text).toList(),
                corpus.fingerprint(),
                "corpus",
                npy,
                progress,
                cancel);
    }

    /** The cache of a corpus's passages (MaxP), bound to the passage texts. */
    public static Cached load(
            TextEncoder encoder, PassageCorpus passages, Path npy, ProgressListener progress, CancellationToken cancel)
            throws IOException {
        return load(encoder, passages.texts(), passages.fingerprint(), "passages", npy, progress, cancel);
    }

    private static Cached load(
            TextEncoder encoder,
            java.util.List<String> texts,
            String fingerprint,
            String what,
            Path npy,
            ProgressListener progress,
            CancellationToken cancel)
            throws IOException {
        Path idFile = npy.resolveSibling(npy.getFileName() + ".model-id");
        if (Files.exists(npy) && !Files.isRegularFile(idFile)) {
            throw new RefusedWriteException(
                    "refusing to use or overwrite " + npy + ": it was not written as a corpus embedding cache"
                            + " by nsw (no " + idFile.getFileName() + " beside it); choose a new file name");
        }
        String binding = encoder.modelId() + "\n" + fingerprint;
        if (Files.isRegularFile(npy)
                && Files.readString(idFile, StandardCharsets.UTF_8).strip().equals(binding)) {
            NpyFile.Header h = NpyFile.readHeader(npy);
            if (h.shape().length == 2 && h.shape()[0] == texts.size() && h.shape()[1] == encoder.dimension()) {
                progress.progress(texts.size(), texts.size(), what + " embeddings read from " + npy);
                return new Cached(NpyFile.readVectors(npy), true);
            }
        }
        // Streamed to disk chunk by chunk (memory holds one chunk while embedding; an interrupted run resumes).
        EmbeddingFile.write(encoder, texts, npy, fingerprint, what, progress, cancel);
        AtomicFiles.writeText(idFile, w -> w.write(binding + "\n"));
        return new Cached(NpyFile.readVectors(npy), false);
    }
}
