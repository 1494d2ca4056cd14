package dev.nsw.retrieval;

import dev.nsw.data.Corpus;
import dev.nsw.data.Document;
import dev.nsw.encoder.EmbeddingIdentity;
import dev.nsw.encoder.TextEncoder;
import dev.nsw.io.AtomicFiles;
import dev.nsw.io.Fingerprint;
import dev.nsw.io.FolderLock;
import dev.nsw.io.NpyFile;
import dev.nsw.io.RefusedWriteException;
import dev.nsw.io.SpecialFiles;
import dev.nsw.job.CancellationToken;
import dev.nsw.job.ProgressListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Corpus embeddings cached in a {@code .npy} file (float32 [N, D], the recipe's {@code corpus_embedding.npy}),
 * with a sidecar {@code <file>.model-id} of three lines: the encoder's {@link EmbeddingIdentity} (model, max_seq_length,
 * pooling, dimension, normalisation, precision), the corpus {@link Corpus#fingerprint()}, and the SHA-256 of the
 * {@code .npy} it describes. A cache made another way or for other texts (even of the same count, e.g. shuffled), or
 * whose {@code .npy} is not the file the sidecar was written for (a crash between the two writes), is re-embedded
 * with one line saying why, never read. A {@code .npy} without the sidecar was not written here and is never
 * overwritten. A folder of shards with a manifest ({@link ShardedEmbeddings}, {@code nsw embed --spark}) is read as one
 * matrix, bound the same way (identity and corpus fingerprint), and never written.
 *
 * <p>The cache, its partial file and its sidecar are one job's at a time ({@link FolderLock#acquireFile}): a second
 * process reading or writing the same cache meanwhile gets "… is in use by process N".
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

    /** The sidecar of the cache {@code npy}. */
    public static Path sidecar(Path npy) {
        return npy.resolveSibling(npy.getFileName() + ".model-id");
    }

    /** {@link #loadOrCompute}, telling whether the cache was used (callers show it; tests assert no re-embedding). */
    public static Cached load(
            TextEncoder encoder, Corpus corpus, Path npy, ProgressListener progress, CancellationToken cancel)
            throws IOException {
        if (ShardedEmbeddings.isSharded(npy)) {
            // the folder of shards `nsw embed --spark` made: read as one matrix, never written here
            float[][] vectors = ShardedEmbeddings.read(npy, encoder.embeddingIdentity(), corpus.fingerprint());
            progress.progress(corpus.size(), corpus.size(), "corpus embeddings read from the shards in " + npy);
            return new Cached(vectors, true);
        }
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

    /** The cache of {@code texts} (bound to their {@code fingerprint}), {@code what} they are for messages. */
    private static Cached load(
            TextEncoder encoder,
            List<String> texts,
            String fingerprint,
            String what,
            Path npy,
            ProgressListener progress,
            CancellationToken cancel)
            throws IOException {
        SpecialFiles.Output output = SpecialFiles.output(npy);
        if (output.stream()) {
            throw new RefusedWriteException(npy + " is a " + output.kind().label()
                    + ": a corpus embedding cache is read back, so it must be a regular file (or a new name)");
        }
        Path file = output.path(); // a symbolic link: the cache is the file it names
        try (FolderLock lock = FolderLock.acquireFile(file)) {
            return loadLocked(encoder, texts, fingerprint, what, npy, file, progress, cancel);
        }
    }

    private static Cached loadLocked(
            TextEncoder encoder,
            List<String> texts,
            String fingerprint,
            String what,
            Path npy,
            Path file,
            ProgressListener progress,
            CancellationToken cancel)
            throws IOException {
        Path idFile = sidecar(file);
        if (Files.exists(file) && !Files.isRegularFile(idFile)) {
            throw new RefusedWriteException(
                    "refusing to use or overwrite " + npy + ": it was not written as a corpus embedding cache"
                            + " by nsw (no " + idFile.getFileName() + " beside it); choose a new file name");
        }
        EmbeddingIdentity identity = encoder.embeddingIdentity();
        String binding = identity.line() + "\n" + fingerprint;
        if (Files.isRegularFile(file)) {
            List<String> recorded = Files.readAllLines(idFile, StandardCharsets.UTF_8);
            String why = whyNotReusable(identity, fingerprint, file, recorded);
            if (why == null) {
                NpyFile.Header h = NpyFile.readHeader(file);
                if (h.shape().length == 2 && h.shape()[0] == texts.size() && h.shape()[1] == encoder.dimension()) {
                    progress.progress(texts.size(), texts.size(), what + " embeddings read from " + npy);
                    return new Cached(NpyFile.readVectors(file), true);
                }
                why = "its shape is not " + texts.size() + " x " + encoder.dimension();
            }
            progress.progress(
                    0, texts.size(), "not using the cache " + npy + ": " + why + "; embedding the " + what + " afresh");
        }
        // Streamed to disk chunk by chunk (memory holds one chunk while embedding; an interrupted run resumes).
        EmbeddingFile.write(encoder, texts, file, fingerprint, what, progress, cancel);
        String sha = Fingerprint.ofFile(file);
        AtomicFiles.writeText(idFile, w -> w.write(binding + "\n" + SHA_PREFIX + sha + "\n"));
        return new Cached(NpyFile.readVectors(file), false);
    }

    private static final String SHA_PREFIX = "sha256 ";

    /** Null when the sidecar {@code recorded} binds the cache to this identity and corpus, else why not (for a message). */
    private static String whyNotReusable(
            EmbeddingIdentity identity, String fingerprint, Path file, List<String> recorded) throws IOException {
        if (recorded.size() < 3 || !recorded.get(2).startsWith(SHA_PREFIX)) {
            return identity.differenceFrom(recorded.isEmpty() ? "" : recorded.getFirst())
                    .orElse("it was written by an older nsw that did not record the file's checksum");
        }
        Optional<String> changed = identity.differenceFrom(recorded.get(0));
        if (changed.isPresent()) {
            return changed.get();
        }
        if (!recorded.get(1).equals(fingerprint)) {
            return "it is of other texts (fingerprint " + Fingerprint.shortForm(recorded.get(1)) + ", these "
                    + Fingerprint.shortForm(fingerprint) + ")";
        }
        if (!recorded.get(2).substring(SHA_PREFIX.length()).equals(Fingerprint.ofFile(file))) {
            return "the file is not the one its " + sidecar(file).getFileName() + " describes (changed since, or"
                    + " a write was interrupted)";
        }
        return null;
    }
}
