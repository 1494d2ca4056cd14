package dev.nsw.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TokenizerTest {
    static Tokenizer zh;
    static final long CLS = 101;
    static final long SEP = 102;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in =
                TokenizerTest.class.getClassLoader().getResourceAsStream("bge-small-zh-v1.5-tokenizer.json")) {
            zh = Tokenizer.fromStream(in, 16);
        }
    }

    @AfterAll
    static void close() {
        zh.close();
    }

    @Test
    void singleTextGetsClsAndSepAndTypeZero() {
        Tokenizer.Encoded e = zh.encode("今天天气怎么样");
        assertThat(e.ids()).hasSize(9);
        assertThat(e.ids()[0]).isEqualTo(CLS);
        assertThat(e.ids()[8]).isEqualTo(SEP);
        assertThat(e.typeIds()).containsOnly(0L);
        assertThat(zh.tokens("今天天气怎么样")).containsExactly("[CLS]", "今", "天", "天", "气", "怎", "么", "样", "[SEP]");
    }

    @Test
    void englishIsLowerCasedWordPiece() {
        List<String> tokens = zh.tokens("Hello World");
        assertThat(tokens.getFirst()).isEqualTo("[CLS]");
        assertThat(tokens.getLast()).isEqualTo("[SEP]");
        assertThat(String.join("", tokens.subList(1, tokens.size() - 1)).replace("##", ""))
                .isEqualTo("helloworld");
    }

    @Test
    void truncationKeepsSpecialTokens() {
        String longText = "语义检索系统通常包括召回和排序两个阶段，召回阶段使用双塔模型快速从海量候选中找到相关文档";
        Tokenizer.Encoded e = zh.encode(longText);
        assertThat(e.length()).isEqualTo(16);
        assertThat(e.ids()[0]).isEqualTo(CLS);
        assertThat(e.ids()[15]).isEqualTo(SEP);
        assertThat(zh.tokens(longText).subList(1, 4)).containsExactly("语", "义", "检");
    }

    @Test
    void pairHasTypeIdsZeroThenOneAndIsTruncatedLongestFirst() {
        Tokenizer.Encoded e = zh.encodePair("今天天气", "明天会下雨吗");
        // [CLS] 今 天 天 气 [SEP] 明 天 会 下 雨 吗 [SEP]
        assertThat(e.ids()).hasSize(13);
        assertThat(e.ids()[5]).isEqualTo(SEP);
        assertThat(e.ids()[12]).isEqualTo(SEP);
        long[] expected = new long[13];
        Arrays.fill(expected, 6, 13, 1L);
        assertThat(e.typeIds()).containsExactly(expected);

        Tokenizer.Encoded t = zh.encodePair("一二三四五六七八九十", "甲乙丙");
        assertThat(t.length()).isEqualTo(16); // 10 + 3 + 3 specials = 16, fits
        Tokenizer.Encoded u = zh.encodePair("一二三四五六七八九十一二三四五", "甲乙丙");
        assertThat(u.length()).isEqualTo(16);
        assertThat(u.ids()[0]).isEqualTo(CLS);
        assertThat(u.ids()[15]).isEqualTo(SEP);
        // the shorter second text is kept whole: longest first
        assertThat(Arrays.stream(u.typeIds()).filter(x -> x == 1).count()).isEqualTo(4);
    }

    @Test
    void batchIsPaddedWithMask() {
        PaddedBatch b = zh.batch(List.of("好", "今天天气怎么样"));
        assertThat(b.size()).isEqualTo(2);
        assertThat(b.seqLength()).isEqualTo(9);
        assertThat(b.mask()[0]).containsExactly(1, 1, 1, 0, 0, 0, 0, 0, 0);
        assertThat(b.ids()[0][3]).isZero();
        assertThat(b.mask()[1]).containsOnly(1L);
        PaddedBatch p = zh.batchPairs(List.of("好"), List.of("不好"));
        assertThat(p.typeIds()[0]).containsExactly(0, 0, 0, 1, 1, 1);
        assertThatThrownBy(() -> zh.batchPairs(List.of("a"), List.of())).hasMessageContaining("1 != 0");
    }

    @Test
    void withMaxSeqLengthAndBadLength() throws Exception {
        try (Tokenizer t = zh.withMaxSeqLength(4)) {
            assertThat(t.encode("今天天气怎么样").ids()).hasSize(4);
        }
        assertThatThrownBy(() -> zh.withMaxSeqLength(1)).hasMessageContaining("got 1");
    }

    @Test
    void lengthBatchingGroupsSimilarLengthsAndCoversAll() {
        int[] lengths = {3, 10, 5, 10, 1, 7};
        List<int[]> batches = LengthBatching.byLength(lengths, 4);
        assertThat(batches).hasSize(2);
        assertThat(batches.get(0)).containsExactly(1, 3, 5, 2);
        assertThat(batches.get(1)).containsExactly(0, 4);
        List<Integer> all = new ArrayList<>();
        batches.forEach(b -> Arrays.stream(b).forEach(all::add));
        assertThat(all).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
        assertThatThrownBy(() -> LengthBatching.byLength(lengths, 0)).hasMessageContaining("got 0");
    }
}
