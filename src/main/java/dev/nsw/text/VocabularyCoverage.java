package dev.nsw.text;

import java.util.List;
import java.util.Locale;

/**
 * How well a tokenizer's vocabulary covers some texts, and which script the texts are in.
 *
 * <p>{@code unknownShare} = (# {@code [UNK]} tokens) / (# tokens, special tokens excluded), over the texts
 * sampled. A model reading many {@code [UNK]}s sees the same vector for different words; a model whose
 * vocabulary is of another script (a Chinese vocabulary on English text, or the reverse) splits words into
 * fragments it was not trained on — both give poor embeddings without any error.
 *
 * @param texts texts sampled
 * @param tokens word-piece tokens counted (without [CLS]/[SEP])
 * @param unknown {@code [UNK]} tokens among them
 * @param cjkShare share of letters that are CJK ideographs (0…1) in the sampled texts
 */
public record VocabularyCoverage(int texts, long tokens, long unknown, double cjkShare) {
    /** Texts sampled: enough for a stable share, few enough to take well under a second. */
    public static final int SAMPLE = 500;
    /** Above this share of [UNK] tokens, warn before running the model. */
    public static final double UNKNOWN_WARNING = 0.05;

    /** The script of a corpus as far as picking a model goes. */
    public enum Script {
        CHINESE,
        LATIN;

        /**
         * The share of letters that makes a text Chinese: one fifth. A Han character carries about a word and an
         * English word takes about five letters, so a fifth of the letters Han is about as many Chinese words as
         * Latin ones: Chinese text full of Latin names and codes ("iPhone", "VPN", product ids) still counts as
         * Chinese. The one rule for both the bundled model a corpus gets and its BM25 analyzer.
         */
        public static final double CHINESE_LETTER_SHARE = 0.2;

        /** CHINESE when at least {@link #CHINESE_LETTER_SHARE} of the letters are CJK ideographs. */
        public static Script of(double cjkShare) {
            return cjkShare >= CHINESE_LETTER_SHARE ? CHINESE : LATIN;
        }
    }

    public double unknownShare() {
        return tokens == 0 ? 0 : (double) unknown / tokens;
    }

    public Script script() {
        return Script.of(cjkShare);
    }

    /** Counts over the first {@link #SAMPLE} texts. The tokenizer is not closed. */
    public static VocabularyCoverage of(Tokenizer tokenizer, List<String> texts) {
        List<String> sample = texts.subList(0, Math.min(SAMPLE, texts.size()));
        long tokens = 0;
        long unknown = 0;
        for (String t : sample) {
            if (t.isBlank()) {
                continue;
            }
            for (String tok : tokenizer.tokens(t)) {
                if (tok.equals("[CLS]") || tok.equals("[SEP]")) {
                    continue;
                }
                tokens++;
                if (tok.equals("[UNK]")) {
                    unknown++;
                }
            }
        }
        return new VocabularyCoverage(sample.size(), tokens, unknown, cjkShare(sample));
    }

    /** Share of letters that are CJK ideographs, over the texts. */
    public static double cjkShare(Iterable<String> texts) {
        long letters = 0;
        long cjk = 0;
        for (String t : texts) {
            for (int i = 0; i < t.length(); ) {
                int cp = t.codePointAt(i);
                i += Character.charCount(cp);
                if (Character.isLetter(cp)) {
                    letters++;
                    if (Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN) {
                        cjk++;
                    }
                }
            }
        }
        return letters == 0 ? 0 : (double) cjk / letters;
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "%.1f %% [UNK] over %,d tokens of %,d texts; %.0f %% CJK letters",
                100 * unknownShare(),
                tokens,
                texts,
                100 * cjkShare);
    }
}
