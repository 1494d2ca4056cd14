package dev.nsw.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import java.util.Map;

/**
 * BERT's embedding layer: word + position + token-type embeddings, summed, then LayerNorm and dropout.
 *
 * <p>Input: {@code ids} [B, T] and {@code typeIds} [B, T] (int64). Output: [B, T, H]. Positions are
 * {@code 0..T-1}; T must not exceed {@code max_position_embeddings}.
 */
public final class BertEmbeddings extends AbstractBlock {

    private final BertConfig config;
    private final Parameter word;
    private final Parameter position;
    private final Parameter tokenType;
    private final LayerNorm norm;
    private final Dropout dropout;

    /** Creates the embedding layer for the configuration (weights N(0, 0.02) until imported). */
    public BertEmbeddings(BertConfig config) {
        super((byte) 1);
        this.config = config;
        int h = config.hiddenSize();
        word = addParameter(table("word_embeddings", config.vocabSize(), h));
        position = addParameter(table("position_embeddings", config.maxPositionEmbeddings(), h));
        tokenType = addParameter(table("token_type_embeddings", config.typeVocabSize(), h));
        norm = addChildBlock(
                "LayerNorm",
                LayerNorm.builder().axis(2).optEpsilon(config.layerNormEps()).build());
        dropout = addChildBlock(
                "dropout", Dropout.builder().optRate(config.hiddenDropoutProb()).build());
    }

    private static Parameter table(String name, int rows, int h) {
        return Parameter.builder()
                .setName(name)
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(rows, h))
                .optInitializer(new NormalInitializer(0.02f))
                .build();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray ids = inputs.get(0);
        NDArray typeIds = inputs.get(1);
        long t = ids.getShape().get(1);
        if (t > config.maxPositionEmbeddings()) {
            throw new IllegalArgumentException(
                    "sequence length " + t + " exceeds max_position_embeddings " + config.maxPositionEmbeddings());
        }
        NDManager m = ids.getManager();
        NDArray positions = m.arange(0, (int) t, 1, DataType.INT64);
        NDArray w = ps.getValue(word, ids.getDevice(), training);
        NDArray p = ps.getValue(position, ids.getDevice(), training);
        NDArray tt = ps.getValue(tokenType, ids.getDevice(), training);
        NDArray x = Embedding.embedding(ids, w, SparseFormat.DENSE)
                .singletonOrThrow() // [B, T, H]
                .add(Embedding.embedding(typeIds, tt, SparseFormat.DENSE).singletonOrThrow())
                .add(Embedding.embedding(positions, p, SparseFormat.DENSE).singletonOrThrow()); // [T, H] broadcast
        NDList out = norm.forward(ps, new NDList(x), training);
        return dropout.forward(ps, out, training);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape hidden = hiddenShape(inputShapes[0]);
        norm.initialize(manager, dataType, hidden);
        dropout.initialize(manager, dataType, hidden);
    }

    private Shape hiddenShape(Shape ids) {
        return new Shape(ids.get(0), ids.get(1), config.hiddenSize());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {hiddenShape(inputShapes[0])};
    }

    /** Adds this layer's parameters under their HuggingFace names, e.g. {@code embeddings.LayerNorm.weight}. */
    void collect(String prefix, Map<String, Parameter> out) {
        out.put(prefix + "word_embeddings.weight", word);
        out.put(prefix + "position_embeddings.weight", position);
        out.put(prefix + "token_type_embeddings.weight", tokenType);
        BertLayer.collectNorm(prefix + "LayerNorm.", norm, out);
    }
}
