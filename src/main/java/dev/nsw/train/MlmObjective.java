package dev.nsw.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.nsw.encoder.Encoder;
import dev.nsw.encoder.TorchRuntime;
import dev.nsw.text.PaddedBatch;
import dev.nsw.text.Tokenizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Domain-adaptive pre-training: BERT's masked-language-model objective on the user's unlabelled text,
 * which teaches the encoder the domain's vocabulary before the contrastive stages.
 *
 * <p>For a batch of texts: tokens are masked by {@link MlmMasking}; BERT gives hidden states [B, T, H];
 * the M chosen positions are gathered → [M, H]; the head maps them through
 * {@code LayerNorm(gelu(Linear(H → H)))} and a decoder whose weight is the word-embedding matrix
 * [V, H] itself (tied, as in BERT) plus a bias [V] → logits [M, V]; the loss is the mean cross-entropy
 * against the original ids. The head is new (the bundled ONNX export has none) and is trained along.
 */
public final class MlmObjective implements Objective<String>, AutoCloseable {
    private final Encoder encoder;
    private final TrainingConfig config;
    private final MlmMasking masking;
    private final MlmHead head;
    private final NDManager headManager;

    public MlmObjective(Encoder encoder, TrainingConfig config, double maskProbability) {
        this.encoder = encoder;
        this.config = config;
        Tokenizer tokenizer = encoder.tokenizer();
        long cls = tokenizer.encode("").ids()[0];
        long[] maskEncoding = tokenizer.encode("[MASK]").ids();
        if (maskEncoding.length != 3) {
            throw new IllegalArgumentException("the tokenizer has no [MASK] token: MLM needs a BERT-style vocabulary");
        }
        long sep = maskEncoding[2];
        long mask = maskEncoding[1];
        int vocab = encoder.config().vocabSize();
        long firstOrdinary = Math.max(Math.max(cls, sep), Math.max(mask, 0)) + 1;
        this.masking = new MlmMasking(mask, new long[] {cls, sep, 0}, firstOrdinary, vocab, maskProbability);
        this.headManager = encoder.manager().newSubManager();
        this.head = new MlmHead(
                encoder.config().hiddenSize(), vocab, encoder.config().layerNormEps());
        synchronized (TorchRuntime.RANDOM) {
            // the head's random init draws from the engine's generator: seed it, or the start (and so the run)
            // depends on whatever drew from it before in this process
            Trainer.seedRandomness(config.seed(), -1, 1);
            head.initialize(
                    headManager, DataType.FLOAT32, new Shape(1, encoder.config().hiddenSize()));
        }
        head.getParameters().values().forEach(p -> p.getArray().setRequiresGradient(true));
    }

    @Override
    public String stage() {
        return "mlm";
    }

    @Override
    public Encoder encoder() {
        return encoder;
    }

    @Override
    public Map<String, Parameter> extraParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        head.getParameters().forEach(p -> out.put(p.getKey(), p.getValue()));
        return out;
    }

    MlmMasking masking() {
        return masking;
    }

    @Override
    public double lossAndBackward(NDManager scratch, List<String> texts, long step) {
        PaddedBatch batch = encoder.tokenizer().batch(texts);
        MlmMasking.Masked masked =
                masking.apply(batch.ids(), batch.mask(), new Random(config.seed() * 1_000_003L + step));
        int b = batch.size();
        int t = batch.seqLength();
        List<Long> positions = new ArrayList<>();
        List<Long> targets = new ArrayList<>();
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < t; j++) {
                if (masked.labels()[i][j] != MlmMasking.IGNORE) {
                    positions.add((long) i * t + j);
                    targets.add(masked.labels()[i][j]);
                }
            }
        }
        NDList inputs = batch.withIds(masked.inputIds()).toNDList(scratch); // ids (masked), mask, types: [B, T] each
        NDArray where =
                scratch.create(positions.stream().mapToLong(Long::longValue).toArray());
        NDArray labels =
                scratch.create(targets.stream().mapToLong(Long::longValue).toArray());
        Trainer.seedRandomness(config.seed(), step, 0);
        ParameterStore ps = new ParameterStore(scratch, false);
        try (GradientCollector collector = Trainer.newCollector()) {
            NDArray hidden = encoder.block().bert().forward(ps, inputs, true).singletonOrThrow(); // [B, T, H]
            NDArray chosen = hidden.reshape(b * t, -1).get(new NDIndex("{}", where)); // [M, H]
            NDArray wordEmbeddings = encoder.block()
                    .namedParameters()
                    .get("embeddings.word_embeddings.weight")
                    .getArray(); // [V, H]
            NDArray logits = head.logits(ps, chosen, wordEmbeddings, true); // [M, V]
            NDArray logProbabilities = logits.logSoftmax(1);
            NDArray loss = logProbabilities
                    .mul(labels.oneHot(encoder.config().vocabSize()))
                    .sum(new int[] {1})
                    .neg()
                    .mean();
            collector.backward(loss);
            return loss.getFloat();
        }
    }

    @Override
    public void close() {
        headManager.close();
    }

    /** transform Linear(H → H) → gelu → LayerNorm → tied decoder (word embeddings [V, H]) + bias [V]. */
    static final class MlmHead extends AbstractBlock {
        private final Linear transform;
        private final LayerNorm norm;
        private final Parameter decoderBias;
        private final int hidden;

        MlmHead(int hidden, int vocab, float eps) {
            super((byte) 1);
            this.hidden = hidden;
            transform =
                    addChildBlock("transform", Linear.builder().setUnits(hidden).build());
            norm = addChildBlock("norm", LayerNorm.builder().optEpsilon(eps).build());
            decoderBias = addParameter(Parameter.builder()
                    .setName("decoder_bias")
                    .setType(Parameter.Type.BIAS)
                    .optShape(new Shape(vocab))
                    .build());
        }

        /** @param x [M, H] hidden states of the chosen positions; returns logits [M, V] */
        NDArray logits(ParameterStore ps, NDArray x, NDArray wordEmbeddings, boolean training) {
            NDArray h = transform.forward(ps, new NDList(x), training).singletonOrThrow();
            h = norm.forward(ps, new NDList(Activation.gelu(h)), training).singletonOrThrow();
            return h.matMul(wordEmbeddings.transpose()).add(ps.getValue(decoderBias, x.getDevice(), training));
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
            throw new UnsupportedOperationException("use logits(...) with the tied word embeddings");
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            transform.initialize(manager, dataType, new Shape(1, hidden));
            norm.initialize(manager, dataType, new Shape(1, hidden));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return new Shape[] {
                new Shape(inputShapes[0].get(0), decoderBias.getShape().get(0))
            };
        }
    }
}
