package dev.nsw.retrieval;

import dev.nsw.encoder.EmbeddingIdentity;
import dev.nsw.encoder.TextEncoder;
import dev.nsw.io.PartialNpy;
import dev.nsw.job.CancellationToken;
import dev.nsw.job.CancelledException;
import dev.nsw.job.ProgressListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

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
        int n = texts.size();
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
            for (int start = (int) resumed; start < n; start += CHUNK) {
                if (cancel.isCancelled()) {
                    throw new CancelledException();
                }
                int from = start;
                int end = Math.min(n, start + CHUNK);
                float[][] vectors = encoder.embed(
                        texts.subList(from, end),
                        (done, total, message) -> progress.progress(from + done, n, "embedding " + what),
                        cancel);
                out.append(vectors);
                out.checkpoint();
            }
            out.publish();
            progress.progress(n, n, "embedding " + what);
            return resumed;
        }
    }

    /** Why an unfinished run recorded as {@code discarded} (identity line, then what the texts were) is not resumed. */
    static String whyNot(EmbeddingIdentity identity, String discarded) {
        String recordedIdentity = discarded.lines().findFirst().orElse("");
        return identity.differenceFrom(recordedIdentity).orElse("it was of other texts");
    }
}
