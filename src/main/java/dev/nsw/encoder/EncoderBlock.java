package dev.nsw.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The trainable sentence encoder: BERT, then the CLS vector, an optional Linear(H → D) projection and L2
 * normalisation, as in the neural_search recipe (which also applies dropout to the pooled vector while training).
 *
 * <p>Input: {@code ids} [B, T], {@code mask} [B, T], {@code typeIds} [B, T] (int64). Output: unit-length
 * embeddings [B, D] with D = {@code output_emb_size}, or H when there is no projection; the dot product
 * of two outputs is their cosine similarity. Dropout is active only when forwarded with
 * {@code training = true}.
 */
public final class EncoderBlock extends AbstractBlock {

    private final BertConfig config;
    private final BertModel bert;
    private final Linear projection;

    /** Creates an untrained encoder; weights come from {@link WeightImport} or training. */
    public EncoderBlock(BertConfig config) {
        super((byte) 1);
        this.config = config;
        bert = addChildBlock("bert", new BertModel(config));
        projection = config.outputEmbSize() > 0
                ? addChildBlock(
                        "projection",
                        Linear.builder().setUnits(config.outputEmbSize()).build())
                : null;
    }

    /** The configuration, projection size included. */
    public BertConfig config() {
        return config;
    }

    /** The BERT encoder inside. */
    public BertModel bert() {
        return bert;
    }

    /** The projection Linear(H → D), if any. */
    public Optional<Linear> projection() {
        return Optional.ofNullable(projection);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray hidden = bert.forward(ps, inputs, training).singletonOrThrow(); // [B, T, H]
        NDArray cls = hidden.get(":, 0, :"); // [B, H]
        if (projection != null) {
            cls = projection.forward(ps, new NDList(cls), training).singletonOrThrow(); // [B, D]
        }
        // As the recipe's SemanticIndexBase: dropout on the pooled embedding before normalising (training only).
        if (training && config.hiddenDropoutProb() > 0) {
            cls = Dropout.dropout(cls, config.hiddenDropoutProb(), true).singletonOrThrow();
        }
        return new NDList(l2Normalize(cls));
    }

    /** {@code x / max(‖x‖₂, 1e-12)} row by row, for x of shape [B, D]. */
    static NDArray l2Normalize(NDArray x) {
        return x.div(x.norm(new int[] {-1}, true).maximum(Scalars.like(x, 1e-12f)));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        bert.initialize(manager, dataType, inputShapes);
        if (projection != null) {
            projection.initialize(manager, dataType, new Shape(inputShapes[0].get(0), config.hiddenSize()));
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), config.embeddingSize())};
    }

    /**
     * All parameters by HuggingFace name ({@code embeddings.word_embeddings.weight},
     * {@code encoder.layer.0.attention.self.query.weight}, …) plus {@code projection.weight} [D, H] and
     * {@code projection.bias} [D] when projecting; in a fixed order.
     */
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        bert.collect(out);
        if (projection != null) {
            BertLayer.collectLinear("projection.", projection, out);
        }
        return out;
    }

    /** The expected shape of each named parameter, from the configuration (Linear weights are [out, in]). */
    public Map<String, Shape> expectedShapes() {
        Map<String, Shape> s = new LinkedHashMap<>();
        int h = config.hiddenSize();
        s.put("embeddings.word_embeddings.weight", new Shape(config.vocabSize(), h));
        s.put("embeddings.position_embeddings.weight", new Shape(config.maxPositionEmbeddings(), h));
        s.put("embeddings.token_type_embeddings.weight", new Shape(config.typeVocabSize(), h));
        s.put("embeddings.LayerNorm.weight", new Shape(h));
        s.put("embeddings.LayerNorm.bias", new Shape(h));
        for (int i = 0; i < config.numHiddenLayers(); i++) {
            String p = "encoder.layer." + i + ".";
            for (String qkv : new String[] {"query", "key", "value"}) {
                s.put(p + "attention.self." + qkv + ".weight", new Shape(h, h));
                s.put(p + "attention.self." + qkv + ".bias", new Shape(h));
            }
            s.put(p + "attention.output.dense.weight", new Shape(h, h));
            s.put(p + "attention.output.dense.bias", new Shape(h));
            s.put(p + "attention.output.LayerNorm.weight", new Shape(h));
            s.put(p + "attention.output.LayerNorm.bias", new Shape(h));
            s.put(p + "intermediate.dense.weight", new Shape(config.intermediateSize(), h));
            s.put(p + "intermediate.dense.bias", new Shape(config.intermediateSize()));
            s.put(p + "output.dense.weight", new Shape(h, config.intermediateSize()));
            s.put(p + "output.dense.bias", new Shape(h));
            s.put(p + "output.LayerNorm.weight", new Shape(h));
            s.put(p + "output.LayerNorm.bias", new Shape(h));
        }
        if (projection != null) {
            s.put("projection.weight", new Shape(config.outputEmbSize(), h));
            s.put("projection.bias", new Shape(config.outputEmbSize()));
        }
        return s;
    }
}
