package dev.nsw.train;

import dev.nsw.encoder.BertConfig;
import dev.nsw.encoder.Encoder;
import dev.nsw.encoder.EncoderBlock;
import dev.nsw.encoder.EncoderOptions;
import dev.nsw.io.NamedTensor;
import dev.nsw.text.Tokenizer;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Small random BERT encoders over the bundled Chinese vocabulary, and toy paraphrase data, for fast tests. */
public final class TinyEncoders {
    private TinyEncoders() {}

    public static BertConfig config(float dropout) {
        return BertConfig.of(21128, 32, 2, 4, 64, 128, 2)
                .withDropout(dropout, dropout)
                .withOutputEmbSize(16);
    }

    public static Encoder create(long seed, float dropout) throws Exception {
        return create(
                config(dropout),
                seed,
                EncoderOptions.defaults()
                        .withMaxSeqLength(16)
                        .withOutputEmbSize(EncoderOptions.KEEP)
                        .withThreads(1));
    }

    /** A model of {@code config} with seeded N(0, 0.1) weights (LayerNorm scales 1) and the bundled zh tokenizer. */
    public static Encoder create(BertConfig config, long seed, EncoderOptions options) throws Exception {
        Random r = new Random(seed);
        Map<String, NamedTensor> weights = new LinkedHashMap<>();
        new EncoderBlock(config).expectedShapes().forEach((name, shape) -> {
            float[] data = new float[(int) shape.size()];
            for (int i = 0; i < data.length; i++) {
                data[i] = (float) (r.nextGaussian() * 0.1);
            }
            if (name.endsWith("LayerNorm.weight")) {
                java.util.Arrays.fill(data, 1f);
            }
            weights.put(name, new NamedTensor(name, shape.getShape(), data));
        });
        Tokenizer tokenizer;
        try (InputStream in =
                TinyEncoders.class.getClassLoader().getResourceAsStream("bge-small-zh-v1.5-tokenizer.json")) {
            tokenizer = Tokenizer.fromStream(in, options.maxSeqLength());
        }
        return Encoder.create("tiny", config, weights, tokenizer, options);
    }

    /** Twelve toy paraphrase pairs (distinct positives). */
    public static List<TrainingPair> pairs() {
        String[][] p = {
            {"手机没电了怎么办", "手机电量耗尽如何处理"}, {"今天天气怎么样", "今日天气如何"},
            {"怎么学好英语", "如何提高英语水平"}, {"哪里可以买到便宜的机票", "便宜机票在哪买"},
            {"感冒了吃什么药", "感冒应该吃哪种药"}, {"电脑开不了机", "电脑无法启动怎么办"},
            {"怎样做红烧肉", "红烧肉的做法"}, {"信用卡怎么还款", "如何偿还信用卡"},
            {"北京有什么好玩的", "北京值得去的景点"}, {"失眠怎么办", "睡不着觉如何解决"},
            {"如何减肥最有效", "最有效的减肥方法"}, {"猫为什么喜欢晒太阳", "猫咪爱晒太阳的原因"}
        };
        List<TrainingPair> out = new ArrayList<>();
        for (String[] x : p) {
            out.add(new TrainingPair(x[0], x[1]));
        }
        return out;
    }
}
