package dev.nsw.rank;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nsw.encoder.BatchedInference;
import dev.nsw.encoder.Encoder;
import dev.nsw.encoder.EncoderOptions;
import dev.nsw.encoder.ModelExport;
import dev.nsw.encoder.ModelFolder;
import dev.nsw.encoder.NoGrad;
import dev.nsw.encoder.OnnxExport;
import dev.nsw.encoder.TorchRuntime;
import dev.nsw.encoder.WeightImport;
import dev.nsw.io.NamedTensor;
import dev.nsw.io.Safetensors;
import dev.nsw.job.CancellationToken;
import dev.nsw.job.ProgressListener;
import dev.nsw.text.PaddedBatch;
import dev.nsw.text.Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A cross-encoder reranker, the recipe's {@code ernie_matching} pairwise model: BERT reads
 * {@code [CLS] query [SEP] title [SEP]} (token type 0 for the query, 1 for the title), and the CLS hidden
 * state goes through dropout (0.1, training only) and a Linear(H → 1) whose sigmoid is the probability that
 * the title is relevant to the query.
 *
 * <p>Shapes: ids/mask/types [B, T] → hidden [B, T, H] → CLS [B, H] → logit [B] → probability [B].
 *
 * <p>Warm-started from a sentence encoder without projection (the bundled bge-small-zh-v1.5); the head is
 * new, initialised N(0, 0.02) with zero bias as BERT initialises its classifiers. A saved reranker is a
 * model folder ({@link Encoder#save}) plus {@value #HEAD_FILE} and {@value #META_FILE}, written atomically.
 * The cross-encoder owns its encoder and head: close it. Scoring runs without autograd.
 */
public final class CrossEncoder implements PairScorer, AutoCloseable {
    /** The head's weights ({@code classifier.weight} [1, H], {@code classifier.bias} [1]). */
    public static final String HEAD_FILE = "reranker-head.safetensors";

    /** Marks a reranker folder and records how it was made. */
    public static final String META_FILE = "nsw-reranker.json";

    /** Dropout on the CLS vector before the classifier (the recipe's 0.1). */
    public static final float HEAD_DROPOUT = 0.1f;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Encoder encoder;
    private final NDManager headManager;
    private final Linear classifier;

    private CrossEncoder(Encoder encoder, long headSeed, Map<String, NamedTensor> savedHead) {
        if (encoder.config().outputEmbSize() != 0) {
            throw new IllegalArgumentException(
                    "a cross-encoder reads BERT's CLS state: open the encoder with output_emb_size 0, not "
                            + encoder.config().outputEmbSize());
        }
        this.encoder = encoder;
        this.headManager = encoder.manager().newSubManager();
        this.classifier = Linear.builder().setUnits(1).build();
        int h = encoder.config().hiddenSize();
        synchronized (TorchRuntime.RANDOM) {
            classifier.initialize(headManager, DataType.FLOAT32, new Shape(1, h));
        }
        Random r = new Random(headSeed);
        float[] w = new float[h];
        for (int i = 0; i < h; i++) {
            w[i] = (float) (r.nextGaussian() * 0.02);
        }
        Map<String, Parameter> head = headParameters();
        head.get("classifier.weight").getArray().set(w);
        head.get("classifier.bias").getArray().set(new float[] {0f});
        if (savedHead != null) {
            for (var e : head.entrySet()) {
                NamedTensor t = savedHead.get(e.getKey());
                if (t == null
                        || t.data().length != e.getValue().getArray().getShape().size()) {
                    throw new IllegalArgumentException("missing or mis-shaped head tensor '" + e.getKey() + "'");
                }
                e.getValue().getArray().set(t.data());
            }
        }
        head.values().forEach(p -> p.getArray().setRequiresGradient(true));
    }

    /**
     * Takes over {@code encoder} (closed with the cross-encoder) and adds a new head.
     *
     * @throws IllegalArgumentException when the encoder projects its output (open it with output_emb_size 0)
     */
    public static CrossEncoder withNewHead(Encoder encoder, long headSeed) {
        try {
            return new CrossEncoder(encoder, headSeed, null);
        } catch (RuntimeException e) {
            encoder.close();
            throw e;
        }
    }

    /** Warm start: the base model's BERT (bundled name or model folder, no projection) with a new head. */
    public static CrossEncoder warmStart(String baseModel, EncoderOptions options, long headSeed) throws IOException {
        return withNewHead(Encoder.open(baseModel, options.withOutputEmbSize(0)), headSeed);
    }

    /** Whether {@code folder} holds a reranker written by {@link #save}. */
    public static boolean isReranker(Path folder) {
        return Files.isRegularFile(folder.resolve(HEAD_FILE)) && Files.isRegularFile(folder.resolve(META_FILE));
    }

    /**
     * Loads a reranker folder. {@code maxSeqLength} 0 keeps the length it was trained with (from its
     * metadata); {@code batchSize} and {@code threads} are taken from {@code options}.
     */
    public static CrossEncoder load(Path folder, EncoderOptions options, int maxSeqLength) throws IOException {
        if (!isReranker(folder)) {
            throw new IOException(folder + " is not a reranker folder (no " + HEAD_FILE + " / " + META_FILE
                    + "; train one with `nsw rank train`)");
        }
        JsonNode meta = JSON.readTree(folder.resolve(META_FILE).toFile());
        if (!"nsw-reranker/1".equals(meta.path("format").asText())) {
            throw new IOException(folder.resolve(META_FILE) + ": unknown format '"
                    + meta.path("format").asText() + "'");
        }
        int length =
                maxSeqLength > 0 ? maxSeqLength : meta.path("max_seq_length").asInt(options.maxSeqLength());
        Map<String, NamedTensor> head = Safetensors.read(folder.resolve(HEAD_FILE));
        Encoder encoder = Encoder.load(folder, options.withMaxSeqLength(length).withOutputEmbSize(0));
        try {
            return new CrossEncoder(encoder, 0, head);
        } catch (IllegalArgumentException e) {
            encoder.close();
            throw new IOException(folder.resolve(HEAD_FILE) + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            encoder.close();
            throw e;
        }
    }

    /**
     * Writes the reranker to {@code folder}: the encoder's files, {@value #HEAD_FILE} and {@value #META_FILE},
     * assembled in a temporary sibling folder and moved into place. An existing reranker or model folder is
     * replaced; any other non-empty folder is refused.
     */
    public synchronized void save(Path folder) throws IOException {
        // a reranker or a plain model folder may be replaced (a reranker is a model folder plus its head)
        ModelFolder.write(folder, "reranker", p -> isReranker(p) || ModelFolder.isModel(p), tmp -> {
            encoder.save(tmp);
            Safetensors.write(tmp.resolve(HEAD_FILE), WeightImport.tensors(headParameters()));
            ObjectNode meta = JSON.createObjectNode();
            meta.put("format", "nsw-reranker/1");
            meta.put(
                    "architecture",
                    "cross-encoder: [CLS] query [SEP] title [SEP] → CLS → dropout 0.1 → Linear(H→1) → sigmoid");
            meta.put("encoder", encoder.name());
            meta.put("max_seq_length", encoder.options().maxSeqLength());
            Files.writeString(
                    tmp.resolve(META_FILE),
                    JSON.writerWithDefaultPrettyPrinter().writeValueAsString(meta));
        });
    }

    /** The reranker as an in-memory ONNX graph (see {@link #exportOnnx}), for ONNX Runtime. */
    public synchronized byte[] onnxModel() {
        Map<String, Parameter> head = headParameters();
        NDArray w = head.get("classifier.weight").getArray();
        NDArray b = head.get("classifier.bias").getArray();
        return OnnxExport.relevanceModel(
                encoder.config(),
                WeightImport.export(encoder.block()),
                WeightImport.tensor("classifier.weight", w),
                WeightImport.tensor("classifier.bias", b),
                Map.of(),
                "nsw");
    }

    /**
     * Writes the reranker as a self-contained ONNX export ({@link ModelExport}): BERT, CLS → Linear(H → 1) →
     * sigmoid, output {@code probability} [batch], plus its tokenizer and config.
     */
    public synchronized ModelExport.Metadata exportOnnx(Path folder, String source) throws IOException {
        Map<String, Parameter> head = headParameters();
        NDArray w = head.get("classifier.weight").getArray();
        NDArray b = head.get("classifier.bias").getArray();
        return ModelExport.exportCrossEncoder(
                encoder,
                WeightImport.tensor("classifier.weight", w),
                WeightImport.tensor("classifier.bias", b),
                folder,
                source);
    }

    /** The head's parameters by name: {@code classifier.weight} [1, H] and {@code classifier.bias} [1]. */
    public Map<String, Parameter> headParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        classifier.getParameters().forEach(p -> out.put("classifier." + p.getKey(), p.getValue()));
        return out;
    }

    /**
     * Relevance logits for a padded batch of pairs, inside the caller's gradient scope when training.
     *
     * @param batch pairs from {@link Tokenizer#batchPairs} [B, T]
     * @param training dropout on (BERT's and the head's)
     * @return logits [B]; the probability is their sigmoid
     */
    public NDArray logits(NDManager manager, PaddedBatch batch, boolean training) {
        ParameterStore ps = new ParameterStore(manager, false);
        NDArray hidden = encoder.block()
                .bert()
                .forward(ps, batch.toNDList(manager), training)
                .singletonOrThrow(); // [B, T, H]
        NDArray cls = hidden.get(":, 0, :"); // [B, H]
        cls = Dropout.dropout(cls, HEAD_DROPOUT, training).singletonOrThrow();
        return classifier
                .forward(ps, new NDList(cls), training)
                .singletonOrThrow()
                .reshape(batch.size()); // [B]
    }

    /** Relevance probabilities of (query, title) pairs (see {@link #score(List, List, ProgressListener, CancellationToken)}). */
    public float[] score(List<String> queries, List<String> titles) {
        return score(queries, titles, ProgressListener.NONE, CancellationToken.NEVER);
    }

    /**
     * Relevance probabilities in (0, 1) of (query, title) pairs: element i scores {@code titles[i]} for
     * {@code queries[i]}. Pairs are batched by token length ({@code batchSize} of the encoder's options) and
     * run without autograd; {@code cancel} is checked before each batch, {@code progress} told after it.
     */
    @Override
    public synchronized float[] score(
            List<String> queries, List<String> titles, ProgressListener progress, CancellationToken cancel) {
        try (NoGrad noGrad = NoGrad.enter()) {
            return BatchedInference.scorePairs(
                    encoder.tokenizer(),
                    queries,
                    titles,
                    encoder.options().batchSize(),
                    batch -> {
                        try (NDManager sub = encoder.manager().newSubManager();
                                NDScope scope = new NDScope()) {
                            scope.suppressNotUsedWarning();
                            return Activation.sigmoid(logits(sub, batch, false)).toFloatArray();
                        }
                    },
                    progress,
                    cancel);
        }
    }

    @Override
    public String scoreKind() {
        return "probability";
    }

    /** The BERT encoder inside (trained in place by {@link CrossEncoderObjective}). */
    public Encoder encoder() {
        return encoder;
    }

    @Override
    public synchronized void close() {
        headManager.close();
        encoder.close();
    }
}
