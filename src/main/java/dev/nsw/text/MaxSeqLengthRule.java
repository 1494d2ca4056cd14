package dev.nsw.text;

import java.util.Locale;

/**
 * The default max_seq_length of a corpus, from its token lengths ({@link TokenLengths}, measured with the model's
 * own tokenizer), and whether documents longer than it are cut into passages (MaxP, {@link PassageWindows}) or
 * truncated. The one home of this rule: {@code nsw recall}, {@code index}, {@code push}, {@code serve}, {@code
 * search}, {@code embed} and the workbench call {@link #choose}; an explicit {@code --max_seq_length} overrides it,
 * and training keeps its own setting (the recipe's 64).
 *
 * <p>The rule: the smallest of {@link #CHOICES} that at least {@link #FIT_SHARE} of the documents fit in, but never
 * more than {@link #LONGEST_DEFAULT}; when documents are longer than the chosen length, they are cut into windows of
 * that length with half a window's stride and score as their best passage ({@link #PASSAGES_BY_DEFAULT}).
 * The measurements behind the constants are in the README (<i>Quality per set → SciFact, BEIR-style → Long
 * documents</i>): nDCG@10 and documents/s per length and with MaxP. {@link #LONGEST_DEFAULT} is 128 because that is
 * the best quality per second measured there (a model trained at 64 tokens reads SciFact's abstracts as well at 128
 * as at 256, at 3.7× the speed; 512 costs 4.8× the time of 128); a user who wants more passes --max_seq_length.
 */
public final class MaxSeqLengthRule {
    /** The lengths the rule chooses among (powers of two, so that batches pad to what kernels like). */
    public static final int[] CHOICES = {64, 128, 256, 512};

    /** The share of documents the chosen length must hold whole. */
    public static final double FIT_SHARE = 0.90;

    /**
     * The longest length chosen by default: the best quality per second measured on long documents (SciFact: test
     * nDCG@10 0.749 at 128 vs 0.746 at 256 for the trained model, 0.671 vs 0.701 pretrained, at 25.1 vs 6.9 docs/s).
     */
    public static final int LONGEST_DEFAULT = 128;

    /** Whether documents longer than the chosen length are cut into passages (MaxP) unless told otherwise. */
    public static final boolean PASSAGES_BY_DEFAULT = false;

    /** The percentile named in the reason line: the one {@link #FIT_SHARE} asks for. */
    static final int REASON_PERCENTILE = (int) Math.round(FIT_SHARE * 100);

    private MaxSeqLengthRule() {}

    /**
     * A chosen max_seq_length and why.
     *
     * @param maxSeqLength tokens a text is read with, {@code [CLS]}/{@code [SEP]} included
     * @param passages the windows documents longer than that are cut into, or null: truncated
     * @param lengths the measurement it was chosen from (null when the length was given, not chosen)
     * @param reason one line for a terminal or a GUI label
     */
    public record Choice(int maxSeqLength, PassageWindows passages, TokenLengths lengths, String reason) {}

    /** The rule's choice for a corpus of these lengths: length and passages both chosen. */
    public static Choice choose(TokenLengths lengths) {
        return resolve(lengths, null, null, null);
    }

    /**
     * The reading of a corpus with what the user gave: {@code length} (null: chosen by the rule from {@code lengths}),
     * {@code passages} (null: the rule's default for that length — cut only when some document is longer, and only
     * if {@link #PASSAGES_BY_DEFAULT}) and the passages' {@code stride} (null: half a window). {@code lengths} may be
     * null only when {@code length} is given; then nothing is known of the documents and they are not cut unless
     * asked.
     */
    public static Choice resolve(TokenLengths lengths, Integer length, Boolean passages, Integer stride) {
        return resolve(lengths, length, passages, stride, Integer.MAX_VALUE);
    }

    /**
     * {@link #resolve(TokenLengths, Integer, Boolean, Integer)} for a model that reads at most {@code maxPositions}
     * tokens (its {@code max_position_embeddings}): the rule never chooses more.
     */
    public static Choice resolve(
            TokenLengths lengths, Integer length, Boolean passages, Integer stride, int maxPositions) {
        if (length == null && lengths == null) {
            throw new IllegalArgumentException("no max_seq_length given and no token lengths to choose one from");
        }
        int chosen = length != null ? length : Math.min(ruleLength(lengths), Math.max(2, maxPositions));
        double fit = lengths == null ? Double.NaN : lengths.shareWithin(chosen);
        boolean cut = passages != null ? passages : PASSAGES_BY_DEFAULT && fit < 1;
        PassageWindows windows =
                !cut ? null : stride != null ? new PassageWindows(chosen, stride) : PassageWindows.of(chosen);
        StringBuilder why = new StringBuilder("max_seq_length " + chosen);
        if (length != null) {
            why.append(" (given)");
        }
        if (lengths != null) {
            why.append(String.format(
                    Locale.ROOT,
                    "%s %s of documents fit (p%d %d tokens%s)",
                    length != null ? ";" : ":",
                    percent(fit),
                    REASON_PERCENTILE,
                    lengths.percentile(REASON_PERCENTILE),
                    lengths.sampled() ? ", " + lengths.measured() + " of " + lengths.corpusSize() + " measured" : ""));
        }
        if (windows != null) {
            why.append("; longer ones are cut into ")
                    .append(windows.describe())
                    .append(" and score as their best passage");
        } else if (!(fit >= 1)) {
            why.append(lengths == null ? "; longer documents are truncated" : "; longer ones are truncated");
        }
        if (length == null) {
            why.append("; --max_seq_length to override");
        }
        return new Choice(chosen, windows, lengths, why.toString());
    }

    /** The smallest of {@link #CHOICES} that {@link #FIT_SHARE} of the documents fit in, at most {@link #LONGEST_DEFAULT}. */
    static int ruleLength(TokenLengths lengths) {
        int chosen = CHOICES[0];
        for (int c : CHOICES) {
            if (c > LONGEST_DEFAULT) {
                break;
            }
            chosen = c;
            if (lengths.shareWithin(c) >= FIT_SHARE) {
                break;
            }
        }
        return chosen;
    }

    private static String percent(double share) {
        long p = Math.round(share * 100);
        // Never print 100 % for a corpus where some document does not fit, nor 0 % where some does.
        if (p == 100 && share < 1) {
            p = 99;
        } else if (p == 0 && share > 0) {
            p = 1;
        }
        return p + "%";
    }
}
