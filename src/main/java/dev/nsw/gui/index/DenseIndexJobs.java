package dev.nsw.gui.index;

import dev.nsw.data.Document;
import dev.nsw.data.Query;
import dev.nsw.data.RetrievalDataset;
import dev.nsw.encoder.EncoderOptions;
import dev.nsw.encoder.InferenceRuntime;
import dev.nsw.encoder.TextEncoder;
import dev.nsw.gui.ModelChoice;
import dev.nsw.index.VectorIndex;
import dev.nsw.job.CancellationToken;
import dev.nsw.job.ProgressListener;
import dev.nsw.retrieval.CorpusEmbeddings;
import dev.nsw.retrieval.DenseIndexBuild;
import dev.nsw.retrieval.DenseRecall;
import dev.nsw.retrieval.DenseRecall.IndexSpec;
import dev.nsw.retrieval.DenseRetriever;
import dev.nsw.text.VocabularyCoverage;
import dev.nsw.workspace.ModelForData;
import dev.nsw.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The Index panel's two dense jobs, run off the UI thread: a build ({@link DenseIndexBuild}, what
 * {@code nsw index} runs) and the reload of a saved index; each leaves the Search panel's dense retriever with its
 * encoder open (closed again when the job fails).
 */
final class DenseIndexJobs {
    private DenseIndexJobs() {}

    /** What a build leaves: the retriever, what was built, and a vocabulary warning (empty when fine). */
    record Built(DenseRetriever retriever, DenseBuild build, String warning) {}

    /**
     * Embeds the corpus with {@code choice} (or reads the workspace's saved embeddings; {@code embedded} runs when
     * it was embedded from scratch), builds the index, checks its ANN recall on the test queries, saves it to
     * {@code dir} (when not null). With {@code passages} (MaxP; null: none) the documents longer than a window are cut
     * and each passage embedded (cached in the workspace, {@link Workspace#passageEmbeddingsFile}), as
     * {@code nsw index --passages maxp} does.
     */
    static Built build(
            ModelChoice choice,
            EncoderOptions options,
            dev.nsw.text.PassageWindows passages,
            IndexSpec spec,
            RetrievalDataset set,
            Workspace ws,
            Path dir,
            Runnable embedded,
            ProgressListener progress,
            CancellationToken cancel)
            throws IOException {
        progress.progress(0, -1, "loading " + choice.label());
        TextEncoder encoder = InferenceRuntime.open(choice.spec(), options, InferenceRuntime.Choice.AUTO);
        try {
            List<String> texts =
                    set.corpus().documents().stream().map(Document::text).toList();
            String warning = ModelForData.warning(
                            choice.label(), choice.spec(), VocabularyCoverage.of(encoder.tokenizer(), texts))
                    .orElse("");
            DenseIndexBuild.Vectors saved = ws == null
                    ? DenseIndexBuild.EMBED
                    : (enc, docs, p, c) -> ws.corpusEmbeddings(enc, choice.slug(), docs, p, c);
            DenseIndexBuild.Vectors source = (enc, docs, p, c) -> {
                CorpusEmbeddings.Cached v = saved.of(enc, docs, p, c);
                if (!v.reused()) {
                    embedded.run();
                }
                return v;
            };
            DenseIndexBuild.Result result = DenseIndexBuild.run(
                    encoder,
                    set.corpus(),
                    source,
                    DenseIndexBuild.Request.of(spec)
                            .withAnnCheck(
                                    set.queries().stream().map(Query::text).toList(), IndexViewModel.ANN_K)
                            .savedTo(dir)
                            .withPassages(passages)
                            .withPassageCache(
                                    passages == null || ws == null
                                            ? null
                                            : ws.passageEmbeddingsFile(encoder, choice.slug(), set.corpus(), passages)),
                    progress,
                    cancel);
            if (passages != null && !result.reusedEmbeddings()) {
                embedded.run(); // the passages' cache is read by the build itself, not through `source`
            }
            VectorIndex index = result.index();
            DenseBuild build = new DenseBuild(
                    choice.label(),
                    encoder.modelId(),
                    spec.kind(),
                    index.size(),
                    index.dimensions(),
                    spec.m(),
                    spec.efConstruction(),
                    spec.ef(),
                    result.embedSeconds(),
                    result.buildSeconds(),
                    result.annRecall(),
                    dir,
                    result.reusedEmbeddings(),
                    encoder.tokenizer().maxSeqLength(),
                    index.passages().orElse(null));
            return new Built(new DenseRetriever(encoder, index, choice.label()), build, warning);
        } catch (Throwable e) {
            encoder.close();
            throw e;
        }
    }

    /** Opens {@code choice} for queries and the saved index in {@code dir}: the corpus is not embedded again. */
    static DenseRetriever reload(
            ModelChoice choice, EncoderOptions options, Path dir, RetrievalDataset set, ProgressListener progress)
            throws IOException {
        progress.progress(0, -1, "loading " + choice.label());
        TextEncoder encoder = InferenceRuntime.open(choice.spec(), options, InferenceRuntime.Choice.AUTO);
        try {
            progress.progress(0, -1, "reading " + dir.getFileName());
            // the encoder's overload: an index of passages is checked against the corpus cut again as it records
            VectorIndex index = DenseRecall.openIndex(dir, encoder, set.corpus());
            return new DenseRetriever(encoder, index, choice.label());
        } catch (Throwable e) {
            encoder.close();
            throw e;
        }
    }

    /** A reloaded index as the panel describes it (no build times, no ANN check: nothing was built). */
    static DenseBuild reloaded(ModelChoice choice, DenseRetriever retriever, Path dir, int maxSeqLength) {
        VectorIndex idx = retriever.index();
        return new DenseBuild(
                choice.label(),
                idx.modelId(),
                idx.kind(),
                idx.size(),
                idx.dimensions(),
                0,
                0,
                0,
                0,
                0,
                Double.NaN,
                dir,
                true,
                maxSeqLength,
                idx.passages().orElse(null));
    }
}
