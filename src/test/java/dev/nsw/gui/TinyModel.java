package dev.nsw.gui;

import dev.nsw.encoder.BertConfig;
import dev.nsw.encoder.Encoder;
import dev.nsw.encoder.EncoderBlock;
import dev.nsw.encoder.EncoderOptions;
import dev.nsw.io.NamedTensor;
import dev.nsw.text.Tokenizer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A tiny random BERT (2 layers × 32, projection 256) over the bundled Chinese vocabulary, saved as a model
 * folder: embeds and trains in milliseconds, so view-model tests can run the real services (the idea of
 * {@code dev.nsw.train.TinyEncoders}).
 */
public final class TinyModel {
    private TinyModel() {}

    public static Path write(Path folder) throws Exception {
        return write(folder, 7);
    }

    /** A tiny model with weights drawn from {@code seed}: another seed, another model of the same shape. */
    public static Path write(Path folder, long seed) throws Exception {
        BertConfig config = BertConfig.of(21128, 32, 2, 4, 64, 128, 2)
                .withDropout(0.1f, 0.1f)
                .withOutputEmbSize(256);
        Random r = new Random(seed);
        Map<String, NamedTensor> weights = new LinkedHashMap<>();
        new EncoderBlock(config).expectedShapes().forEach((name, shape) -> {
            float[] data = new float[(int) shape.size()];
            for (int i = 0; i < data.length; i++) {
                data[i] = (float) (r.nextGaussian() * 0.1);
            }
            if (name.endsWith("LayerNorm.weight")) {
                Arrays.fill(data, 1f);
            }
            weights.put(name, new NamedTensor(name, shape.getShape(), data));
        });
        Tokenizer tokenizer;
        try (InputStream in =
                TinyModel.class.getClassLoader().getResourceAsStream("bge-small-zh-v1.5-tokenizer.json")) {
            tokenizer = Tokenizer.fromStream(in, 64);
        }
        try (Encoder e = Encoder.create(
                "tiny", config, weights, tokenizer, EncoderOptions.defaults().withThreads(1))) {
            e.save(folder);
        }
        return folder;
    }

    /** Copies the bundled sample workspace (sample-data/zh) into {@code dir}, so runs/ and indexes/ land there. */
    public static Path copySample(Path dir) throws Exception {
        Path sample = Path.of("sample-data", "zh");
        Files.createDirectories(dir);
        for (String f : List.of("corpus.csv", "dev.csv", "test.csv", "train.csv", "train_unsupervise.csv")) {
            Files.copy(sample.resolve(f), dir.resolve(f));
        }
        return dir;
    }
}
