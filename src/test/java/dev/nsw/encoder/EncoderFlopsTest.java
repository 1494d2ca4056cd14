package dev.nsw.encoder;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The encoder's FLOP count against hand arithmetic and against every matrix product of the graph written out. */
class EncoderFlopsTest {

    /** 2·m·k·n for an [m, k] × [k, n] product. */
    private static double matmul(double m, double k, double n) {
        return 2 * m * k * n;
    }

    /** The graph's matrix products one by one, as OnnxExport writes them, for a text of t tokens. */
    private static double enumerated(BertConfig c, int t) {
        int h = c.hiddenSize();
        int heads = c.numAttentionHeads();
        int hs = h / heads;
        double total = 0;
        for (int layer = 0; layer < c.numHiddenLayers(); layer++) {
            total += 3 * matmul(t, h, h); // query, key, value: [T, H] × [H, H]
            total += heads * matmul(t, hs, t); // scores per head: [T, hs] × [hs, T]
            total += heads * matmul(t, t, hs); // context per head: [T, T] × [T, hs]
            total += matmul(t, h, h); // attention output dense
            total += matmul(t, h, c.intermediateSize()); // intermediate dense
            total += matmul(t, c.intermediateSize(), h); // output dense
        }
        return total + matmul(1, h, c.outputEmbSize()); // projection of the CLS row
    }

    @Test
    void bgeSmallEnAt128TokensByHand() {
        // L 12, H 384, I 1536: 8·128·384² = 150,994,944; 4·128·384·1536 = 301,989,888; 4·128²·384 = 25,165,824
        EncoderFlops f = new EncoderFlops(12, 384, 1536, 0);
        assertThat(f.linear(128)).isEqualTo(12 * (150_994_944.0 + 301_989_888.0));
        assertThat(f.attention(128)).isEqualTo(12 * 25_165_824.0);
        assertThat(f.forward(128)).isEqualTo(5_737_807_872.0); // 5.74 GFLOP a text
    }

    @Test
    void agreesWithEveryMatrixProductWrittenOut() {
        BertConfig tiny = BertConfig.of(100, 4, 2, 2, 8, 16, 2).withOutputEmbSize(5);
        // by hand for T = 3: per layer 8·3·16 + 4·3·4·8 + 4·9·4 = 384 + 384 + 144 = 912; ×2 layers + 2·4·5 = 1,864
        assertThat(EncoderFlops.of(tiny).forward(3)).isEqualTo(1_864.0);
        for (BertConfig c : new BertConfig[] {
            tiny,
            BertConfig.of(21128, 512, 4, 8, 2048, 512, 2), // bge-small-zh
            BertConfig.of(30522, 384, 12, 12, 1536, 512, 2).withOutputEmbSize(256)
        }) {
            for (int t : new int[] {1, 7, 64, 128, 512}) {
                assertThat(EncoderFlops.of(c).forward(t)).as("T %d, %s", t, c).isEqualTo(enumerated(c, t));
            }
        }
    }
}
