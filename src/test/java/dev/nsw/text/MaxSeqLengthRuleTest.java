package dev.nsw.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Token lengths of a corpus and the default max_seq_length chosen from them. */
class MaxSeqLengthRuleTest {
    private static TokenLengths of(int... lengths) {
        return new TokenLengths(lengths, lengths.length);
    }

    @Test
    void percentilesSharesAndHistogramFollowTheirDefinitions() {
        TokenLengths l = of(500, 10, 70, 64, 65, 200, 128, 129, 300, 1000);
        // nearest rank: p50 of 10 values = the 5th smallest; p90 = the 9th
        assertThat(l.percentile(50)).isEqualTo(128);
        assertThat(l.percentile(90)).isEqualTo(500);
        assertThat(l.percentile(100)).isEqualTo(1000);
        assertThat(l.percentile(1)).isEqualTo(10);
        assertThat(l.shareWithin(64)).isEqualTo(0.2); // 10, 64
        assertThat(l.shareWithin(128)).isEqualTo(0.5);
        assertThat(l.shareWithin(512)).isEqualTo(0.9);
        assertThat(l.histogram(64, 128, 256, 512)).containsExactly(2, 3, 2, 2, 1);
        assertThat(Arrays.stream(l.histogram(64, 128, 256, 512)).sum()).isEqualTo(10);
        assertThat(l.max()).isEqualTo(1000);
        assertThatThrownBy(() -> l.histogram(128, 64)).hasMessageContaining("ascend");
        assertThatThrownBy(() -> l.percentile(0)).hasMessageContaining("(0, 100]");
    }

    @Test
    void theRuleTakesTheSmallestLengthThatEnoughDocumentsFitIn() {
        // 95 % short questions: 64
        int[] questions = IntStream.range(0, 100).map(i -> i < 95 ? 20 : 90).toArray();
        assertThat(MaxSeqLengthRule.choose(of(questions)).maxSeqLength()).isEqualTo(64);
        // exactly the share the rule asks for fits in 128: 128
        int fit = (int) Math.round(MaxSeqLengthRule.FIT_SHARE * 100);
        int[] titles = IntStream.range(0, 100).map(i -> i < fit ? 120 : 130).toArray();
        assertThat(MaxSeqLengthRule.choose(of(titles)).maxSeqLength()).isEqualTo(128);
        // one document fewer than the share fits in 64: the next length
        int[] shortOnes =
                IntStream.range(0, 100).map(i -> i < fit - 1 ? 60 : 70).toArray();
        assertThat(MaxSeqLengthRule.choose(of(shortOnes)).maxSeqLength()).isEqualTo(128);
        // one document fewer than the share fits in 128: the next length, but never past the longest default
        int[] justOver =
                IntStream.range(0, 100).map(i -> i < fit - 1 ? 120 : 130).toArray();
        assertThat(MaxSeqLengthRule.choose(of(justOver)).maxSeqLength())
                .isEqualTo(Math.min(256, MaxSeqLengthRule.LONGEST_DEFAULT));
        // very long documents: never more than the longest default
        int[] books = IntStream.range(0, 50).map(i -> 5000).toArray();
        assertThat(MaxSeqLengthRule.choose(of(books)).maxSeqLength()).isEqualTo(MaxSeqLengthRule.LONGEST_DEFAULT);
    }

    @Test
    void neverMoreThanTheModelCanRead() {
        int[] books = IntStream.range(0, 50).map(i -> 5000).toArray();
        assertThat(MaxSeqLengthRule.resolve(of(books), null, null, null, 128).maxSeqLength())
                .isEqualTo(128);
        assertThat(MaxSeqLengthRule.resolve(of(20, 30), null, null, null, 128).maxSeqLength())
                .isEqualTo(64);
        // a length given is the user's: the encoder refuses it if the model cannot read it
        assertThat(MaxSeqLengthRule.resolve(of(books), 256, null, null, 128).maxSeqLength())
                .isEqualTo(256);
    }

    @Test
    void theReasonSaysTheLengthTheShareThatFitsAndThePercentile() {
        int[] lengths = IntStream.range(0, 100).map(i -> 100 + 2 * i).toArray(); // 100 … 298
        MaxSeqLengthRule.Choice c = MaxSeqLengthRule.choose(of(lengths));
        assertThat(c.reason())
                .startsWith("max_seq_length " + c.maxSeqLength() + ": ")
                .contains("% of documents fit (p90 ")
                .endsWith("--max_seq_length to override");
        assertThat(MaxSeqLengthRule.choose(of(20, 30)).reason())
                .isEqualTo("max_seq_length 64: 100% of documents fit (p90 30 tokens); --max_seq_length to override");
        // 99.6 % never rounds up to 100 % when one does not fit
        int[] almost = IntStream.range(0, 1000).map(i -> i == 0 ? 600 : 30).toArray();
        assertThat(MaxSeqLengthRule.resolve(of(almost), 64, false, null).reason())
                .contains(" 99% of documents fit");
    }

    @Test
    void givenSettingsWinAndPassagesFollowTheWindow() {
        TokenLengths l = of(20, 600, 700);
        MaxSeqLengthRule.Choice c = MaxSeqLengthRule.resolve(l, 128, true, null);
        assertThat(c.maxSeqLength()).isEqualTo(128);
        assertThat(c.passages()).isEqualTo(new PassageWindows(128, 63));
        assertThat(c.reason()).startsWith("max_seq_length 128 (given);").contains("128-token windows, stride 63");
        assertThat(MaxSeqLengthRule.resolve(l, 256, true, 200).passages()).isEqualTo(new PassageWindows(256, 200));
        assertThat(MaxSeqLengthRule.resolve(l, 256, false, null).passages()).isNull();
        assertThat(MaxSeqLengthRule.resolve(null, 64, null, null).reason())
                .isEqualTo("max_seq_length 64 (given); longer documents are truncated");
        assertThatThrownBy(() -> MaxSeqLengthRule.resolve(null, null, null, null))
                .hasMessageContaining("no max_seq_length");
        assertThatThrownBy(() -> MaxSeqLengthRule.resolve(l, 64, true, 63)).hasMessageContaining("[1, 62]");
    }

    @Test
    void aLargeCorpusIsMeasuredOnAnEvenSample() throws Exception {
        try (var in = getClass().getClassLoader().getResourceAsStream("bge-small-zh-v1.5-tokenizer.json");
                Tokenizer t = Tokenizer.fromStream(in, 8)) {
            java.util.List<String> texts =
                    IntStream.range(0, 30).mapToObj(i -> "天".repeat(i + 1)).toList();
            TokenLengths all = TokenLengths.measure(t, texts);
            assertThat(all.measured()).isEqualTo(30);
            assertThat(all.sampled()).isFalse();
            assertThat(all.max())
                    .isEqualTo(32); // 30 pieces + [CLS] + [SEP], untruncated though the tokenizer cuts at 8
            assertThat(all.percentile(50)).isEqualTo(17);
        }
    }
}
