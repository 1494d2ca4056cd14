package dev.nsw.rank;

import dev.nsw.data.RankingTriple;
import dev.nsw.encoder.BertConfig;
import dev.nsw.encoder.Encoder;
import dev.nsw.encoder.EncoderOptions;
import dev.nsw.train.TinyEncoders;
import java.util.ArrayList;
import java.util.List;

/** Small random BERTs (no projection) over the bundled Chinese vocabulary, for fast cross-encoder tests. */
final class TinyCrossEncoders {
    private TinyCrossEncoders() {}

    static Encoder encoder(long seed, float dropout) throws Exception {
        BertConfig config = BertConfig.of(21128, 32, 2, 4, 64, 128, 2)
                .withDropout(dropout, dropout)
                .withOutputEmbSize(0);
        return TinyEncoders.create(config, seed, options());
    }

    static EncoderOptions options() {
        return EncoderOptions.defaults()
                .withMaxSeqLength(32)
                .withBatchSize(4)
                .withOutputEmbSize(0)
                .withThreads(1);
    }

    static CrossEncoder create(long seed, float dropout) throws Exception {
        return CrossEncoder.withNewHead(encoder(seed, dropout), seed);
    }

    /** Toy triples: a query, its paraphrase, and an unrelated text. */
    static List<RankingTriple> triples() {
        String[][] t = {
            {"手机没电了怎么办", "手机电量耗尽如何处理", "北京值得去的景点"}, {"今天天气怎么样", "今日天气如何", "红烧肉的做法"},
            {"怎么学好英语", "如何提高英语水平", "感冒应该吃哪种药"}, {"哪里可以买到便宜的机票", "便宜机票在哪买", "如何偿还信用卡"},
            {"感冒了吃什么药", "感冒应该吃哪种药", "电脑无法启动怎么办"}, {"电脑开不了机", "电脑无法启动怎么办", "今日天气如何"}
        };
        List<RankingTriple> out = new ArrayList<>();
        for (int i = 0; i < t.length; i++) {
            out.add(new RankingTriple(i + 1, t[i][0], t[i][1], t[i][2]));
        }
        return out;
    }
}
