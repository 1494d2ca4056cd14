package dev.nsw.retrieval;

import dev.nsw.encoder.EmbeddingIdentity;
import dev.nsw.encoder.TextEncoder;
import dev.nsw.io.PartialNpy;
import dev.nsw.job.CancellationToken;
import dev.nsw.job.CancelledException;
import dev.nsw.job.ProgressListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Embeds texts straight into a float32 {@code .npy} [N, D] in chunks of {@link #CHUNK} texts, so memory holds
 * one chunk of vectors whatever N is, and an interrupted run (cancel, crash, kill) resumes at its last
 * complete chunk ({@link PartialNpy}).
 *
 * <p>A resumed run writes the same bytes as an uninterrupted one: chunks start at multiples of {@link #CHUNK}
 * in both, and the encoder sorts and batches only within a chunk, so every text meets the same batch
 * partners and padding. The binding — the encoder's {@link EmbeddingIdentity} (model, max_seq_length, pooling,
 * dimension, normalisation, precision), then what the texts are, e.g. the corpus fingerprint — must be equal for
 * a resume; otherwise the partial file is started over, and the progress listener is told why in one line.
 */
public final class EmbeddingFile {
    /** Texts per chunk: a checkpoint each (~3 min of work on 2 cores with bge-small at 128 tokens). */
    public static final int CHUNK = 2048;

    private EmbeddingFile() {}

    /** Texts read in order, one at a time, without being held (a file streamed from disk); may be read more than once. */
    public interface TextSource {
        void forEach(Consumer<String> each) throws IOException;
    }

    /**
     * Row i of {@code npy} becomes the embedding of {@code texts.get(i)}.
     *
     * @param binding what the texts are, beside the model (e.g. {@code Corpus#fingerprint()}); a partial file
     *     of another binding is not resumed
     * @return how many rows were kept from an earlier, interrupted run (0 when none)
     * @throws CancelledException when {@code cancel} fired; the rows of finished chunks stay for a resume
     */
    public static long write(
            TextEncoder encoder,
            List<String> texts,
            Path npy,
            String binding,
            String what,
            ProgressListener progress,
            CancellationToken cancel)
            throws IOException {
        return write(encoder, texts.size(), texts::forEach, npy, binding, what, progress, cancel);
    }

    /**
     * {@link #write(TextEncoder, List, Path, String, String, ProgressListener, CancellationToken)} for {@code n} texts
     * streamed from {@code texts}: memory holds one chunk of texts and one of vectors, whatever {@code n} is (the
     * caller counted and fingerprinted them in an earlier pass). The texts a resume keeps are read and skipped. The
     * same chunks as the list form, so the same bytes.
     *
     * @throws IllegalStateException when {@code texts} yields other than {@code n} texts (the input changed); nothing
     *     is published then
     */
    public static long write(
            TextEncoder encoder,
            long n,
            TextSource texts,
            Path npy,
            String binding,
            String what,
            ProgressListener progress,
            CancellationToken cancel)
            throws IOException {
        EmbeddingIdentity identity = encoder.embeddingIdentity();
        String fullBinding = identity.line() + "\n" + binding;
        try (PartialNpy out = PartialNpy.openOrResume(npy, fullBinding, n, encoder.dimension())) {
            long resumed = out.done();
            if (out.discardedBinding() != null) {
                progress.progress(
                        0,
                        n,
                        "not resuming the unfinished "
                                + PartialNpy.partialFile(npy).getFileName() + ": "
                                + whyNot(identity, out.discardedBinding()) + "; embedding " + what + " afresh");
            }
            List<String> chunk = new ArrayList<>(CHUNK);
            long[] seen = {0};
            ChunkStep step = (from, batch) -> {
                if (cancel.isCancelled()) {
                    throw new CancelledException();
                }
                float[][] vectors = encoder.embed(
                        batch,
                        (done, total, message) -> progress.progress(from + done, n, "embedding " + what),
                        cancel);
                out.append(vectors);
                out.checkpoint();
            };
            try {
                texts.forEach(text -> {
                    long i = seen[0]++;
                    if (i < resumed || i >= n) {
                        return; // kept from the interrupted run, or past the count (refused below)
                    }
                    chunk.add(text);
                    if (chunk.size() == CHUNK) {
                        step.embed(i + 1 - CHUNK, chunk);
                        chunk.clear();
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            if (seen[0] != n) {
                throw new IllegalStateException(
                        "the " + what + " changed while being embedded: " + seen[0] + " texts now, " + n + " before");
            }
            if (!chunk.isEmpty()) {
                step.embed(n - chunk.size(), chunk);
            }
            out.publish();
            progress.progress(n, n, "embedding " + what);
            return resumed;
        }
    }

    /** Embeds one chunk starting at row {@code from} and checkpoints it (I/O failures unchecked, for a lambda). */
    private interface ChunkStep {
        void run(long from, List<String> batch) throws IOException;

        default void embed(long from, List<String> batch) {
            try {
                run(from, batch);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Why an unfinished run recorded as {@code discarded} (identity line, then what the texts were) is not resumed. */
    static String whyNot(EmbeddingIdentity identity, String discarded) {
        String recordedIdentity = discarded.lines().findFirst().orElse("");
        return identity.differenceFrom(recordedIdentity).orElse("it was of other texts");
    }
}
