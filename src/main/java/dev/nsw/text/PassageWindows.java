package dev.nsw.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Overlapping token windows over a text longer than the model reads: the passages of MaxP (Dai and Callan, SIGIR
 * 2019: a document scores as its best passage). A document that fits in one window is one passage, its whole text.
 *
 * <p>Windows are cut on the model's own word pieces, so a window holds at most {@code window − 2} of them and the
 * model reads it whole with {@code [CLS]} and {@code [SEP]}. A window begins at a piece that starts a word (never
 * inside {@code ##ing}) and ends before a piece that starts one, so re-reading a window's text gives the same
 * pieces. Window starts are {@code stride} pieces apart (moved back to a word start); the last window is the first
 * to reach the end of the text, so it holds more than {@code window − 2 − stride} pieces and none is left out.
 *
 * <p>The default stride is half a window ({@link #of}): every piece but those of the first and last half-windows
 * is read in two windows, so any span of up to half a window — a sentence, a finding, the words a query matches —
 * lies whole inside some window instead of being cut at a boundary in every window; a larger overlap adds windows
 * (embedding time) for spans longer than the model's focus anyway. This is MaxP's published setting (150-word
 * passages, 75-word stride).
 *
 * @param window tokens a passage is read with, {@code [CLS]} and {@code [SEP]} included: the max_seq_length
 * @param stride pieces from one window's start to the next's, {@code 1 ≤ stride ≤ window − 2}
 */
public record PassageWindows(int window, int stride) {
    public PassageWindows {
        if (window < 3) {
            throw new IllegalArgumentException("a passage window needs at least 3 tokens, got " + window);
        }
        if (stride < 1 || stride > window - 2) {
            throw new IllegalArgumentException("the passage stride must be in [1, " + (window - 2) + "] for a " + window
                    + "-token window, got " + stride);
        }
    }

    /** Windows of {@code window} tokens with the default stride, half of the {@code window − 2} pieces they hold. */
    public static PassageWindows of(int window) {
        return new PassageWindows(window, Math.max(1, (window - 2) / 2));
    }

    /** Word pieces a window holds besides {@code [CLS]} and {@code [SEP]}. */
    public int capacity() {
        return window - 2;
    }

    /** A window: pieces {@code [from, to)} of the text. */
    public record Span(int from, int to) {}

    /**
     * The windows over a text of these pieces; one window {@code [0, n)} when the text fits (n ≤ window − 2),
     * none for a text without pieces.
     */
    public List<Span> spans(Tokenizer.Pieces pieces) {
        int n = pieces.size();
        List<Span> out = new ArrayList<>();
        if (n == 0) {
            return out;
        }
        int capacity = capacity();
        int start = 0;
        while (true) {
            int end = Math.min(n, start + capacity);
            if (end < n) {
                // End before the word the window would cut in two, unless that word is the whole window.
                int e = end;
                while (e > start + 1 && !pieces.startsWord()[e]) {
                    e--;
                }
                end = e > start + 1 || pieces.startsWord()[e] ? e : end;
            }
            out.add(new Span(start, end));
            if (end >= n) {
                return out;
            }
            int next = Math.min(start + stride, end);
            while (next > start + 1 && !pieces.startsWord()[next]) {
                next--;
            }
            start = Math.max(next, start + 1);
        }
    }

    /**
     * The passages of {@code text}: the text itself when it fits in one window, else the text of each window
     * (from its first piece's first character to its last piece's last one). A text without word pieces (blank)
     * is one passage, itself, so that every document has at least one.
     */
    public List<String> split(Tokenizer tokenizer, String text) {
        Tokenizer.Pieces pieces = tokenizer.pieces(text);
        List<Span> spans = spans(pieces);
        if (spans.size() <= 1) {
            return List.of(text);
        }
        List<String> out = new ArrayList<>(spans.size());
        for (Span s : spans) {
            out.add(text.substring(pieces.start()[s.from()], pieces.end()[s.to() - 1]));
        }
        return out;
    }

    /** For settings and messages: {@code "128-token windows, stride 63"}. */
    public String describe() {
        return window + "-token windows, stride " + stride;
    }
}
