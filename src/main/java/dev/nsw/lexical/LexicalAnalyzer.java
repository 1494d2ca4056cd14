package dev.nsw.lexical;

import dev.nsw.data.Corpus;
import dev.nsw.data.Document;
import dev.nsw.text.VocabularyCoverage;
import dev.nsw.text.VocabularyCoverage.Script;
import java.util.Locale;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.cjk.CJKAnalyzer;
import org.apache.lucene.analysis.cjk.CJKBigramFilter;
import org.apache.lucene.analysis.cjk.CJKWidthFilter;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.standard.StandardTokenizer;

/**
 * The text analysis choices for BM25. Chinese has no spaces between words, so it needs either a word
 * segmenter (smartcn, a hidden-Markov-model segmenter with its own dictionary) or overlapping character
 * bigrams (CJK); both also tokenise Latin-script words. {@code ENGLISH} adds stemming and stop words for
 * English-only text.
 */
public enum LexicalAnalyzer {
    /** Lucene's SmartChineseAnalyzer: dictionary word segmentation for Chinese, Porter stemming for English. */
    SMARTCN,
    /** Lucene's CJKAnalyzer: overlapping character bigrams for CJK runs, lower-cased words otherwise. */
    CJK_BIGRAM,
    /** Lucene's EnglishAnalyzer: lower case, English stop words, possessives, Porter stemming. */
    ENGLISH,
    /**
     * Lucene's StandardAnalyzer: Unicode word boundaries, lower case, no stemming. Chinese comes out as
     * single characters (unigrams).
     */
    STANDARD,
    /** Character unigrams and overlapping bigrams for CJK runs together, lower-cased words otherwise. */
    CJK_UNIGRAM_BIGRAM;

    public Analyzer create() {
        return switch (this) {
            case SMARTCN -> new SmartChineseAnalyzer();
            case CJK_BIGRAM -> new CJKAnalyzer();
            case ENGLISH -> new EnglishAnalyzer();
            case STANDARD -> new StandardAnalyzer();
            case CJK_UNIGRAM_BIGRAM -> new UnigramBigramAnalyzer();
        };
    }

    /** Command-line spelling: {@code smartcn}, {@code cjk-bigram}, {@code english}, {@code standard}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static LexicalAnalyzer fromCliName(String name) {
        for (LexicalAnalyzer a : values()) {
            if (a.cliName().equals(name.toLowerCase(Locale.ROOT))) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown analyzer '" + name
                + "'; choose one of smartcn, cjk-bigram, cjk-unigram-bigram, standard, english");
    }

    /** The analyzer name that asks for {@link #autoFor(Corpus)} wherever a user picks an analyzer. */
    public static final String AUTO = "auto";

    /** Documents sampled (from the start of the corpus) by {@link #autoFor}: enough to tell the script apart. */
    public static final int AUTO_SAMPLE_DOCUMENTS = 2_000;

    /** {@link #defaultFor} on the first {@link #AUTO_SAMPLE_DOCUMENTS} documents of {@code corpus}: the one auto rule. */
    public static LexicalAnalyzer autoFor(Corpus corpus) {
        return defaultFor(corpus.documents().stream()
                .limit(AUTO_SAMPLE_DOCUMENTS)
                .map(Document::text)
                .toList());
    }

    /** {@code "auto"} → {@link #autoFor(Corpus)}, any other name → {@link #fromCliName(String)}. */
    public static LexicalAnalyzer choose(String nameOrAuto, Corpus corpus) {
        return AUTO.equals(nameOrAuto) ? autoFor(corpus) : fromCliName(nameOrAuto);
    }

    /**
     * The default for a corpus, the best measured on the real sets (nDCG@10, see the README):
     * {@code STANDARD} (Chinese as character unigrams) when the sample is Chinese by {@link Script#of} — on
     * LCQMC it beat CJK bigrams, unigrams+bigrams and smartcn — and {@code ENGLISH} otherwise.
     */
    public static LexicalAnalyzer defaultFor(Iterable<String> sample) {
        return Script.of(VocabularyCoverage.cjkShare(sample)) == Script.CHINESE ? STANDARD : ENGLISH;
    }
}

/** StandardTokenizer → width folding → lower case → CJK bigrams with the unigrams kept. */
final class UnigramBigramAnalyzer extends Analyzer {
    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
        Tokenizer source = new StandardTokenizer();
        TokenStream result = new CJKWidthFilter(source);
        result = new LowerCaseFilter(result);
        result = new CJKBigramFilter(
                result,
                CJKBigramFilter.HAN | CJKBigramFilter.HIRAGANA | CJKBigramFilter.KATAKANA | CJKBigramFilter.HANGUL,
                true);
        return new TokenStreamComponents(source, result);
    }
}
