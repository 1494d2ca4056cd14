package dev.nsw.retrieval;

import dev.nsw.data.Corpus;
import dev.nsw.data.Document;
import dev.nsw.encoder.TextEncoder;
import dev.nsw.index.AnnRecall;
import dev.nsw.index.VectorIndex;
import dev.nsw.job.CancellationToken;
import dev.nsw.job.ProgressListener;
import dev.nsw.text.PassageWindows;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The one dense index build, run by {@code nsw index} and the workbench's Index panel: the corpus's vectors
 * (embedded now, or read from a cache: the caller's {@link Vectors}) → a {@link VectorIndex} built with an
 * {@link DenseRecall.IndexSpec} → for an approximate index, its ANN recall against exact search on the given
 * queries ({@link AnnRecall#check}) → saved atomically into a folder; with the seconds each stage took.
 */
public final class DenseIndexBuild {
    private DenseIndexBuild() {}

    /** Where the corpus vectors come from: row i embeds document i of the corpus. */
    @FunctionalInterface
    public interface Vectors {
        CorpusEmbeddings.Cached of(
                TextEncoder encoder, Corpus corpus, ProgressListener progress, CancellationToken cancel)
                throws IOException;
    }

    /** The corpus embedded now, nothing reused. */
    public static final Vectors EMBED = (encoder, corpus, progress, cancel) -> new CorpusEmbeddings.Cached(
            DenseRecall.embed(
                    encoder, corpus.documents().stream().map(Document::text).toList(), "corpus", progress, cancel),
            false);

    /**
     * What to build.
     *
     * @param annQueries texts to measure the ANN recall on (embedded only for an approximate index); empty: none
     * @param annK the k of that recall@k
     * @param saveTo the folder to save the index into (replaced atomically), or null to keep it in memory only
     */
    public record Request(
            DenseRecall.IndexSpec spec,
            List<String> annQueries,
            int annK,
            Path saveTo,
            PassageWindows passages,
            Path passageCache) {
        public Request(DenseRecall.IndexSpec spec, List<String> annQueries, int annK, Path saveTo) {
            this(spec, annQueries, annK, saveTo, null, null);
        }

        public Request {
            annQueries = List.copyOf(annQueries);
            if (annK < 1) {
                throw new IllegalArgumentException("the ANN check's k must be >= 1, got " + annK);
            }
        }

        /** An index of this spec, no ANN check, not saved. */
        public static Request of(DenseRecall.IndexSpec spec) {
            return new Request(spec, List.of(), 10, null);
        }

        public Request withAnnCheck(List<String> queries, int k) {
            return new Request(spec, queries, k, saveTo, passages, passageCache);
        }

        public Request savedTo(Path dir) {
            return new Request(spec, annQueries, annK, dir, passages, passageCache);
        }

        /**
         * Documents longer than the encoder's max_seq_length cut into these windows, an index of passages searched
         * by each document's best one (MaxP); null: one vector per document, truncated. The passages are embedded
         * now, or read from {@link #withPassageCache} (the {@link Vectors} source is for whole documents).
         */
        public Request withPassages(PassageWindows windows) {
            return new Request(spec, annQueries, annK, saveTo, windows, passageCache);
        }

        /** With passages: their embeddings cached in this .npy ({@link CorpusEmbeddings#load}); null: none. */
        public Request withPassageCache(Path npy) {
            return new Request(spec, annQueries, annK, saveTo, passages, npy);
        }
    }

    /**
     * What the build made.
     *
     * @param vectors float32 [N, D], row i = document i of the corpus (for an index of passages: passage i)
     * @param reusedEmbeddings true when the vectors were read from a cache, not embedded now
     * @param annRecall mean |index top-k ∩ exact top-k| / k over the queries; NaN for an exact index or no queries
     */
    public record Result(
            VectorIndex index,
            float[][] vectors,
            boolean reusedEmbeddings,
            double embedSeconds,
            double buildSeconds,
            double annRecall) {}

    /** Runs the build; cancellable between stages and inside the embedding and the HNSW build. */
    public static Result run(
            TextEncoder encoder,
            Corpus corpus,
            Vectors source,
            Request request,
            ProgressListener progress,
            CancellationToken cancel)
            throws IOException {
        long t0 = System.nanoTime();
        PassageCorpus cut = request.passages() == null
                ? null
                : DenseRecall.split(encoder, corpus, request.passages(), progress, cancel);
        CorpusEmbeddings.Cached vectors = cut == null
                ? source.of(encoder, corpus, progress, cancel)
                : request.passageCache() != null
                        ? CorpusEmbeddings.load(encoder, cut, request.passageCache(), progress, cancel)
                        : new CorpusEmbeddings.Cached(
                                DenseRecall.embed(encoder, cut.texts(), "passages", progress, cancel), false);
        long t1 = System.nanoTime();
        VectorIndex index = cut == null
                ? DenseRecall.buildIndex(encoder.modelId(), vectors.vectors(), corpus, request.spec(), progress, cancel)
                : DenseRecall.buildIndex(encoder.modelId(), vectors.vectors(), cut, request.spec(), progress, cancel);
        long t2 = System.nanoTime();
        double ann = Double.NaN;
        if (index.approximate() && !request.annQueries().isEmpty()) {
            float[][] q = DenseRecall.embed(encoder, request.annQueries(), "test queries", progress, cancel);
            ann = AnnRecall.check(index, q, request.annK()).orElseThrow().recall();
        }
        cancel.check();
        if (request.saveTo() != null) {
            progress.progress(0, -1, "saving to " + request.saveTo().getFileName());
            index.save(request.saveTo());
        }
        return new Result(index, vectors.vectors(), vectors.reused(), (t1 - t0) / 1e9, (t2 - t1) / 1e9, ann);
    }
}
