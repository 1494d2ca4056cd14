package dev.nsw.serve;

import dev.nsw.data.Corpus;
import dev.nsw.encoder.EncoderOptions;
import dev.nsw.encoder.InferenceRuntime;
import dev.nsw.encoder.Precision;
import dev.nsw.encoder.TextEncoder;
import dev.nsw.index.IndexFiles;
import dev.nsw.index.IndexMetadata;
import dev.nsw.index.VectorIndex;
import dev.nsw.job.CancellationToken;
import dev.nsw.job.ProgressListener;
import dev.nsw.lexical.Bm25Index;
import dev.nsw.lexical.Bm25Options;
import dev.nsw.rank.CrossEncoder;
import dev.nsw.rank.OnnxRuntimeReranker;
import dev.nsw.rank.PairScorer;
import dev.nsw.retrieval.Bm25Retriever;
import dev.nsw.retrieval.DenseRecall;
import dev.nsw.retrieval.DenseRetriever;
import dev.nsw.retrieval.Fusion;
import dev.nsw.retrieval.HybridRetriever;
import dev.nsw.retrieval.Retriever;
import dev.nsw.text.PassageWindows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What to load for a {@link SearchBackend}: the corpus, the dense model (or none: BM25 only), where its
 * vectors may already be, and an optional reranker. {@link #open} builds BM25 in memory, then the dense index:
 * {@code index} if given, else a saved index under {@code indexesFolder} made by the same model for a corpus
 * of the same size, else exact search over the corpus embeddings ({@code corpusEmbeddings} cache if given).
 *
 * @param model bundled name, model folder or export folder; null = BM25 only
 * @param runtime what runs the dense model
 * @param index a saved dense index, or null
 * @param indexesFolder a workspace's {@code indexes/} folder to look in, or null
 * @param corpusEmbeddings a {@code .npy} cache of the corpus embeddings, or null
 * @param reranker a reranker folder, or null (run on ONNX Runtime unless {@code runtime} is torch)
 * @param passages when the corpus is embedded here: documents longer than the encoder's max_seq_length cut into
 *     these windows and scored by their best one (MaxP), or null to truncate them; a saved index keeps its own
 */
public record BackendSpec(
        Corpus corpus,
        String model,
        EncoderOptions options,
        InferenceRuntime.Choice runtime,
        Path index,
        Path indexesFolder,
        Path corpusEmbeddings,
        Path reranker,
        PassageWindows passages) {

    /** A backend whose corpus, if embedded here, is read truncated (no passages). */
    public BackendSpec(
            Corpus corpus,
            String model,
            EncoderOptions options,
            InferenceRuntime.Choice runtime,
            Path index,
            Path indexesFolder,
            Path corpusEmbeddings,
            Path reranker) {
        this(corpus, model, options, runtime, index, indexesFolder, corpusEmbeddings, reranker, null);
    }

    /** Loads everything; the returned backend owns (and closes) the encoder, the indexes and the reranker. */
    public SearchBackend open(ProgressListener progress) throws IOException {
        List<AutoCloseable> owned = new ArrayList<>();
        try {
            Map<String, Retriever> modes = new LinkedHashMap<>();
            TextEncoder encoder = null;
            if (model != null) {
                progress.progress(0, -1, "loading " + model);
                encoder = InferenceRuntime.open(model, options, runtime);
                owned.add(encoder);
                VectorIndex vectors = denseIndex(encoder, progress);
                modes.put("dense", new DenseRetriever(encoder, vectors, encoder.name()));
            }
            Bm25Index bm25 =
                    Bm25Index.buildInMemory(corpus, Bm25Options.auto(corpus), progress, CancellationToken.NEVER);
            owned.add(bm25);
            modes.put("bm25", new Bm25Retriever(bm25));
            if (modes.containsKey("dense")) {
                // A service has no dev set to tune a weight on: the label-free fusion, weighed on each request's lists
                modes.put("hybrid", new HybridRetriever(modes.get("bm25"), modes.get("dense"), new Fusion.LabelFree()));
            }
            PairScorer scorer = null;
            if (reranker != null) {
                progress.progress(0, -1, "loading reranker " + reranker);
                CrossEncoder cross = CrossEncoder.load(reranker, options.withPrecision(Precision.FP32), 0); // fp32 only
                if (runtime == InferenceRuntime.Choice.TORCH) {
                    scorer = cross;
                    owned.add(cross);
                } else {
                    try (cross) { // the same graph on ONNX Runtime; the DJL copy is freed
                        OnnxRuntimeReranker onnx = OnnxRuntimeReranker.of(cross, options.threads());
                        scorer = onnx;
                        owned.add(onnx);
                    }
                }
            }
            return new SearchBackend(
                    corpus, modes, encoder, scorer, reranker == null ? null : reranker.toString(), owned);
        } catch (IOException | RuntimeException e) {
            for (AutoCloseable c : owned) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // already failing
                }
            }
            throw e;
        }
    }

    private VectorIndex denseIndex(TextEncoder encoder, ProgressListener progress) throws IOException {
        if (index != null) {
            try {
                return DenseRecall.openIndex(index, encoder, corpus);
            } catch (IllegalStateException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
        if (indexesFolder != null && Files.isDirectory(indexesFolder)) {
            try (Stream<Path> dirs = Files.list(indexesFolder)) {
                for (Path dir : dirs.sorted().toList()) {
                    if (!Files.isRegularFile(dir.resolve(IndexFiles.METADATA_FILE))) {
                        continue;
                    }
                    IndexMetadata meta = IndexFiles.readMetadata(dir);
                    // An index of passages answers for the corpus it cut, read at its window.
                    boolean sameCorpus = meta.passages() == null
                            ? meta.size() == corpus.size()
                            : meta.passages().documents() == corpus.size()
                                    && meta.passages().window()
                                            == encoder.tokenizer().maxSeqLength();
                    if (encoder.modelId().equals(meta.modelId()) && sameCorpus) {
                        progress.progress(0, -1, "opening index " + dir.getFileName());
                        return DenseRecall.openIndex(dir, encoder, corpus);
                    }
                }
            }
        }
        return DenseRecall.openOrBuild(
                encoder,
                corpus,
                passages,
                null,
                corpusEmbeddings,
                DenseRecall.IndexSpec.exact(),
                progress,
                CancellationToken.NEVER);
    }
}
