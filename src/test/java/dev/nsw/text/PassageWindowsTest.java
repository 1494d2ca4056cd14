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

/** MaxP's windows: sizes, stride, word boundaries, covering the whole text, and re-reading a window's text. */
class PassageWindowsTest {
    static Tokenizer zh;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in =
                PassageWindowsTest.class.getClassLoader().getResourceAsStream("bge-small-zh-v1.5-tokenizer.json")) {
            zh = Tokenizer.fromStream(in, 16);
        }
    }

    @AfterAll
    static void close() {
        zh.close();
    }

    /** Pieces of n one-piece words (every piece starts a word). */
    private static Tokenizer.Pieces words(int n) {
        int[] start = new int[n];
        int[] end = new int[n];
        boolean[] startsWord = new boolean[n];
        for (int i = 0; i < n; i++) {
            start[i] = 2 * i;
            end[i] = 2 * i + 1;
            startsWord[i] = true;
        }
        return new Tokenizer.Pieces(start, end, startsWord);
    }

    @Test
    void aTextThatFitsIsOneWindowOfItself() {
        PassageWindows w = PassageWindows.of(10); // 8 pieces, stride 4
        assertThat(w.stride()).isEqualTo(4);
        assertThat(w.spans(words(8))).containsExactly(new PassageWindows.Span(0, 8));
        assertThat(w.spans(words(0))).isEmpty();
        assertThat(w.split(zh, "今天天气怎么样")).containsExactly("今天天气怎么样"); // 7 pieces < 14
    }

    @Test
    void windowsOfTheCapacityStartAStrideApartAndTheLastReachesTheEnd() {
        PassageWindows w = PassageWindows.of(10); // capacity 8, stride 4
        // 20 pieces: [0,8) [4,12) [8,16) [12,20) — each piece read in one or two windows, the last window full.
        assertThat(w.spans(words(20)))
                .containsExactly(
                        new PassageWindows.Span(0, 8),
                        new PassageWindows.Span(4, 12),
                        new PassageWindows.Span(8, 16),
                        new PassageWindows.Span(12, 20));
        // 9 pieces: one window cannot hold them; the second begins a stride on and reaches the end.
        assertThat(w.spans(words(9))).containsExactly(new PassageWindows.Span(0, 8), new PassageWindows.Span(4, 9));
        // A stride of a whole window: no overlap.
        assertThat(new PassageWindows(10, 8).spans(words(20)))
                .containsExactly(
                        new PassageWindows.Span(0, 8), new PassageWindows.Span(8, 16), new PassageWindows.Span(16, 20));
    }

    @Test
    void everyPieceIsInSomeWindowAndNoWindowIsLongerThanTheCapacity() {
        for (int window : new int[] {3, 4, 7, 16, 64}) {
            for (int stride = 1; stride <= window - 2; stride++) {
                PassageWindows w = new PassageWindows(window, stride);
                for (int n : new int[] {1, 2, window - 2, window - 1, 3 * window + 1, 200}) {
                    List<PassageWindows.Span> spans = w.spans(words(n));
                    boolean[] covered = new boolean[n];
                    int previousStart = -1;
                    for (PassageWindows.Span s : spans) {
                        assertThat(s.to() - s.from()).isBetween(1, window - 2);
                        assertThat(s.from()).isGreaterThan(previousStart);
                        previousStart = s.from();
                        Arrays.fill(covered, s.from(), s.to(), true);
                    }
                    assertThat(covered)
                            .as("window %d stride %d n %d", window, stride, n)
                            .doesNotContain(false);
                    assertThat(spans.getLast().to()).isEqualTo(n);
                }
            }
        }
    }

    @Test
    void windowsNeitherBeginNorEndInsideAWord() {
        // Words of 3 pieces each ("ab", "##c", "##d"): pieces 0,3,6,... start words.
        int n = 30;
        int[] start = new int[n];
        int[] end = new int[n];
        boolean[] startsWord = new boolean[n];
        for (int i = 0; i < n; i++) {
            start[i] = i;
            end[i] = i + 1;
            startsWord[i] = i % 3 == 0;
        }
        List<PassageWindows.Span> spans = PassageWindows.of(10).spans(new Tokenizer.Pieces(start, end, startsWord));
        for (PassageWindows.Span s : spans) {
            assertThat(s.from() % 3).isZero();
            assertThat(s.to() == n || s.to() % 3 == 0).isTrue();
        }
        // capacity 8 → each window holds two whole words (6 pieces); stride 4 → backed off to a word start, 3
        assertThat(spans.getFirst()).isEqualTo(new PassageWindows.Span(0, 6));
        assertThat(spans.get(1)).isEqualTo(new PassageWindows.Span(3, 9));
    }

    @Test
    void aWordLongerThanTheWindowIsCutRatherThanLooping() {
        int n = 20;
        boolean[] startsWord = new boolean[n];
        startsWord[0] = true; // one word of 20 pieces
        int[] start = new int[n];
        int[] end = new int[n];
        for (int i = 0; i < n; i++) {
            start[i] = i;
            end[i] = i + 1;
        }
        List<PassageWindows.Span> spans = PassageWindows.of(10).spans(new Tokenizer.Pieces(start, end, startsWord));
        assertThat(spans.getFirst()).isEqualTo(new PassageWindows.Span(0, 8));
        assertThat(spans.getLast().to()).isEqualTo(n);
        assertThat(spans).hasSizeLessThan(n);
    }

    @Test
    void realTextIsCutIntoWindowsTheModelReadsWhole() {
        String text = "Semantic retrieval systems usually have a recall stage and a ranking stage. "
                + "The recall stage uses a dual-tower model to find candidates quickly among millions of documents, "
                + "and the ranking stage reorders them with a cross-encoder that reads the query and the document together.";
        PassageWindows w = PassageWindows.of(16); // 14 pieces a window, stride 7
        List<String> passages = w.split(zh, text);
        assertThat(passages).hasSizeGreaterThan(3);
        List<String> allPieces = zh.tokens(text.substring(0, 0)); // [CLS] [SEP] only, to show the shape
        assertThat(allPieces).containsExactly("[CLS]", "[SEP]");
        Tokenizer.Pieces pieces = zh.pieces(text);
        List<String> joined = new ArrayList<>();
        for (String p : passages) {
            assertThat(text).contains(p);
            assertThat(p).isEqualTo(p.strip());
            int length = zh.untruncatedLength(p);
            assertThat(length).as(p).isLessThanOrEqualTo(16); // the model reads it whole
            joined.add(p);
        }
        assertThat(passages.getFirst()).startsWith("Semantic retrieval");
        assertThat(passages.getLast()).endsWith("together.");
        // Overlap: each window after the first begins inside the previous one.
        for (int i = 1; i < passages.size(); i++) {
            int prevStart = text.indexOf(passages.get(i - 1));
            int start = text.indexOf(passages.get(i), prevStart + 1);
            assertThat(start).isLessThan(prevStart + passages.get(i - 1).length());
        }
        assertThat(pieces.size()).isGreaterThan(3 * 14);
    }

    @Test
    void offsetsAreJavaStringIndicesAlsoForChineseAndCharactersOutsideTheBmp() {
        String text = "𠀀今天天气怎么样，明天会下雨吗？我们去北京玩吧，那里的烤鸭很好吃。";
        Tokenizer.Pieces p = zh.pieces(text);
        for (int i = 0; i < p.size(); i++) {
            assertThat(p.end()[i]).isGreaterThan(p.start()[i]);
            assertThat(p.end()[i]).isLessThanOrEqualTo(text.length());
        }
        List<String> passages = PassageWindows.of(8).split(zh, text);
        assertThat(passages.getFirst()).startsWith("𠀀今天");
        assertThat(passages.getLast()).endsWith("好吃。");
        assertThat(zh.untruncatedLength(text)).isEqualTo(p.size() + 2);
    }

    @Test
    void badSettingsAreRefused() {
        assertThatThrownBy(() -> new PassageWindows(2, 1)).hasMessageContaining("at least 3");
        assertThatThrownBy(() -> new PassageWindows(10, 9)).hasMessageContaining("[1, 8]");
        assertThatThrownBy(() -> new PassageWindows(10, 0)).hasMessageContaining("[1, 8]");
    }
}
