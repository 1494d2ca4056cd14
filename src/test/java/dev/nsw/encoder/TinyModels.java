package dev.nsw.encoder;

import dev.nsw.io.NamedTensor;
import dev.nsw.text.Tokenizer;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Small random BERTs over the bge-small-zh vocabulary, for fast tests. */
public final class TinyModels {
    private TinyModels() {}

    static final BertConfig CONFIG = BertConfig.of(21128, 32, 2, 4, 64, 128, 2);

    /** Random weights for every tensor {@code config} needs. */
    static Map<String, NamedTensor> randomWeights(BertConfig config, long seed) {
        Random r = new Random(seed);
        Map<String, NamedTensor> out = new LinkedHashMap<>();
        new EncoderBlock(config).expectedShapes().forEach((name, shape) -> {
            float[] data = new float[(int) shape.size()];
            for (int i = 0; i < data.length; i++) {
                data[i] = (float) (r.nextGaussian() * 0.2);
            }
            if (name.endsWith("LayerNorm.weight")) {
                java.util.Arrays.fill(data, 1f);
            }
            out.put(name, new NamedTensor(name, shape.getShape(), data));
        });
        return out;
    }

    static Tokenizer tokenizer(int maxSeqLength) throws Exception {
        try (InputStream in =
                TinyModels.class.getClassLoader().getResourceAsStream("bge-small-zh-v1.5-tokenizer.json")) {
            return Tokenizer.fromStream(in, maxSeqLength);
        }
    }

    static Encoder encoder(long seed, EncoderOptions options) throws Exception {
        return Encoder.create("tiny", CONFIG, randomWeights(CONFIG, seed), tokenizer(options.maxSeqLength()), options);
    }

    /** A tiny random model saved as a model folder at {@code folder}, for tests of commands that take {@code --model DIR}. */
    public static java.nio.file.Path savedModel(java.nio.file.Path folder, long seed) throws Exception {
        try (Encoder e = encoder(seed, EncoderOptions.defaults())) {
            e.save(folder);
        }
        return folder;
    }

    /** The same with a projection Linear(hidden → {@code outputEmbSize}), like a training run's {@code final/}. */
    public static java.nio.file.Path savedModel(java.nio.file.Path folder, long seed, int outputEmbSize)
            throws Exception {
        BertConfig config = CONFIG.withOutputEmbSize(outputEmbSize);
        try (Encoder e =
                Encoder.create("tiny", config, randomWeights(config, seed), tokenizer(64), EncoderOptions.defaults())) {
            e.save(folder);
        }
        return folder;
    }
}
