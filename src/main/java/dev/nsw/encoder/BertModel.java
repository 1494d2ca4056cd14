package dev.nsw.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A BERT encoder (embeddings and L post-LN transformer layers) built from DJL blocks; no pooler.
 *
 * <p>Input: {@code ids} [B, T], {@code mask} [B, T] (1 = token, 0 = padding) and {@code typeIds} [B, T],
 * all int64. Output: the last hidden state [B, T, H]. Padding positions get an additive attention mask of
 * {@code -Float.MAX_VALUE} (as HuggingFace does), so they receive no attention.
 */
public final class BertModel extends AbstractBlock {

    private final BertConfig config;
    private final BertEmbeddings embeddings;
    private final List<BertLayer> layers = new ArrayList<>();

    /** Creates an untrained encoder for the configuration. */
    public BertModel(BertConfig config) {
        super((byte) 1);
        this.config = config;
        embeddings = addChildBlock("embeddings", new BertEmbeddings(config));
        for (int i = 0; i < config.numHiddenLayers(); i++) {
            layers.add(addChildBlock("layer" + i, new BertLayer(config)));
        }
    }

    /** The configuration this encoder was built for. */
    public BertConfig config() {
        return config;
    }

    /** The transformer layers, bottom first. */
    public List<BertLayer> layers() {
        return Collections.unmodifiableList(layers);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray ids = inputs.get(0);
        NDArray mask = inputs.get(1);
        NDArray typeIds = inputs.get(2);
        long b = ids.getShape().get(0);
        long t = ids.getShape().get(1);
        NDArray keep = mask.toType(DataType.FLOAT32, false); // 1 = token, 0 = padding
        NDArray additive = keep.neg()
                .add(Scalars.like(keep, 1f))
                .mul(Scalars.like(keep, -Float.MAX_VALUE))
                .reshape(b, 1, 1, t); // [B, 1, 1, T]
        NDArray x = embeddings.forward(ps, new NDList(ids, typeIds), training).singletonOrThrow(); // [B, T, H]
        for (BertLayer layer : layers) {
            x = layer.forward(ps, new NDList(x, additive), training).singletonOrThrow();
        }
        return new NDList(x);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape ids = inputShapes[0];
        embeddings.initialize(manager, dataType, ids, ids);
        Shape hidden = new Shape(ids.get(0), ids.get(1), config.hiddenSize());
        Shape mask = new Shape(ids.get(0), 1, 1, ids.get(1));
        for (BertLayer layer : layers) {
            layer.initialize(manager, dataType, hidden, mask);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape ids = inputShapes[0];
        return new Shape[] {new Shape(ids.get(0), ids.get(1), config.hiddenSize())};
    }

    /** Adds all parameters under their HuggingFace names ({@code embeddings.*}, {@code encoder.layer.N.*}). */
    void collect(Map<String, Parameter> out) {
        embeddings.collect("embeddings.", out);
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).collect("encoder.layer." + i + ".", out);
        }
    }
}
