package dev.nsw.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * WordPiece/BPE tokenizer read from a HuggingFace {@code tokenizer.json}: texts and text pairs to token ids,
 * truncated to {@code maxSeqLength} tokens with {@code [CLS]}/{@code [SEP]} kept, and padded batches.
 *
 * <p>A single text becomes {@code [CLS] a [SEP]} with token type 0; a pair becomes
 * {@code [CLS] a [SEP] b [SEP]} with type 0 up to the first {@code [SEP]} and 1 after it. When the total
 * exceeds {@code maxSeqLength}, tokens are removed from the longer of the two texts first (the
 * {@code longest_first} strategy of HuggingFace tokenizers); the special tokens always stay.
 *
 * <p>A {@code BertNormalizer} with {@code lowercase: false} over a vocabulary that has no upper-case
 * tokens (as in the bundled bge-small-zh-v1.5 {@code tokenizer.json}) would turn every capitalised
 * English word into {@code [UNK]}; such a file is corrected to {@code lowercase: true} when read (see
 * {@link #fixLowercase(String)}), and {@link #json()} returns the corrected text.
 *
 * <p>Runs the native HuggingFace tokenizers library offline; the instance owns native memory, so close
 * it. Instances are safe to use from one thread at a time.
 */
public final class Tokenizer implements AutoCloseable {

    /** The recipe's default {@code max_seq_length}. */
    public static final int DEFAULT_MAX_SEQ_LENGTH = 64;

    /** Token ids of one text or text pair, with their token type ids; no padding. */
    public record Encoded(long[] ids, long[] typeIds) {
        public Encoded {
            Objects.requireNonNull(ids, "ids");
            Objects.requireNonNull(typeIds, "typeIds");
            if (ids.length != typeIds.length) {
                throw new IllegalArgumentException(
                        "ids and typeIds differ in length: " + ids.length + " != " + typeIds.length);
            }
        }

        /** Number of tokens, special tokens included. */
        public int length() {
            return ids.length;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String json;
    private final int maxSeqLength;
    private final HuggingFaceTokenizer hf;
    /** The same vocabulary without truncation, made on first use: lengths and passage windows need every token. */
    private HuggingFaceTokenizer untruncated;

    private Tokenizer(String json, int maxSeqLength) throws IOException {
        if (maxSeqLength < 2) {
            throw new IllegalArgumentException(
                    "maxSeqLength must be at least 2 (for [CLS] and [SEP]), got " + maxSeqLength);
        }
        this.json = json;
        this.maxSeqLength = maxSeqLength;
        Map<String, String> options = Map.of(
                "addSpecialTokens", "true",
                "truncation", "true",
                "padding", "false",
                "maxLength", Integer.toString(maxSeqLength),
                "modelMaxLength", Integer.toString(Math.max(512, maxSeqLength)));
        this.hf = HuggingFaceTokenizer.newInstance(
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), options);
    }

    /** Reads a {@code tokenizer.json} file (or the {@code tokenizer.json} inside a folder). */
    public static Tokenizer fromFile(Path path, int maxSeqLength) throws IOException {
        Path file = Files.isDirectory(path) ? path.resolve("tokenizer.json") : path;
        if (!Files.isRegularFile(file)) {
            throw new IOException("tokenizer file not found: " + file);
        }
        try {
            return fromJson(Files.readString(file, StandardCharsets.UTF_8), maxSeqLength);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException(file + ": not valid JSON: " + dev.nsw.io.JsonErrors.describe(e), e);
        } catch (RuntimeException e) { // the native tokenizer's parse errors
            throw new IOException(
                    file + ": not a usable tokenizer.json: "
                            + String.valueOf(e.getMessage()).lines().findFirst().orElse(""),
                    e);
        }
    }

    /** Reads a {@code tokenizer.json} from a stream, e.g. a class path resource; the stream is not closed. */
    public static Tokenizer fromStream(InputStream in, int maxSeqLength) throws IOException {
        Objects.requireNonNull(in, "tokenizer stream is null (missing resource?)");
        return fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8), maxSeqLength);
    }

    /** Builds a tokenizer from the text of a {@code tokenizer.json}. */
    public static Tokenizer fromJson(String json, int maxSeqLength) throws IOException {
        Objects.requireNonNull(json, "json");
        return new Tokenizer(fixLowercase(json), maxSeqLength);
    }

    /**
     * Returns the {@code tokenizer.json} text with its {@code BertNormalizer} switched to lower-casing
     * when it does not lower-case although no vocabulary token (other than {@code [..]}/{@code <..>}
     * specials) contains an upper-case letter; otherwise returns the text unchanged.
     */
    public static String fixLowercase(String json) throws IOException {
        JsonNode root = JSON.readTree(json);
        JsonNode normalizer = root.path("normalizer");
        if (!normalizer.path("type").asText().equals("BertNormalizer")
                || !normalizer.path("lowercase").isBoolean()
                || normalizer.path("lowercase").booleanValue()) {
            return json;
        }
        for (Iterator<String> it = root.path("model").path("vocab").fieldNames(); it.hasNext(); ) {
            String token = it.next();
            boolean special =
                    token.startsWith("[") && token.endsWith("]") || token.startsWith("<") && token.endsWith(">");
            if (!special && !token.equals(token.toLowerCase(Locale.ROOT))) {
                return json;
            }
        }
        ((ObjectNode) normalizer).put("lowercase", true);
        return JSON.writeValueAsString(root);
    }

    /** A new tokenizer with the same vocabulary and another {@code maxSeqLength}. */
    public Tokenizer withMaxSeqLength(int newMaxSeqLength) throws IOException {
        return new Tokenizer(json, newMaxSeqLength);
    }

    /** Maximum number of tokens per encoded text or pair, special tokens included. */
    public int maxSeqLength() {
        return maxSeqLength;
    }

    /** The {@code tokenizer.json} text this tokenizer was built from (for saving beside a model). */
    public String json() {
        return json;
    }

    /** Token strings of a text, special tokens included, after truncation. */
    public List<String> tokens(String text) {
        return List.of(hf.encode(checkText(text)).getTokens());
    }

    /** Encodes one text as {@code [CLS] text [SEP]}, truncated to {@link #maxSeqLength()}. */
    public Encoded encode(String text) {
        Encoding e = hf.encode(checkText(text));
        return new Encoded(e.getIds(), e.getTypeIds());
    }

    /** Encodes a pair as {@code [CLS] a [SEP] b [SEP]} (type ids 0 then 1), truncated longest-first. */
    public Encoded encodePair(String a, String b) {
        Encoding e = hf.encode(checkText(a), checkText(b));
        return new Encoded(e.getIds(), e.getTypeIds());
    }

    /**
     * Tokens of {@code text} without truncation, {@code [CLS]} and {@code [SEP]} included: how long the text is
     * for this model, whatever {@link #maxSeqLength()} cuts it to.
     */
    public int untruncatedLength(String text) {
        return untruncated().encode(checkText(text)).getIds().length;
    }

    /**
     * The word pieces of {@code text} without truncation and without the special tokens, each with the characters
     * of {@code text} it was read from: what {@link PassageWindows} cuts into windows.
     */
    public Pieces pieces(String text) {
        Encoding e = untruncated().encode(checkText(text), false, false);
        CharSpan[] spans = e.getCharTokenSpans();
        long[] words = e.getWordIds();
        long[] special = e.getSpecialTokenMask();
        int n = 0;
        for (int i = 0; i < spans.length; i++) {
            if (special[i] == 0 && spans[i] != null) {
                n++;
            }
        }
        int[] start = new int[n];
        int[] end = new int[n];
        boolean[] startsWord = new boolean[n];
        long previousWord = Long.MIN_VALUE;
        int j = 0;
        for (int i = 0; i < spans.length; i++) {
            if (special[i] != 0 || spans[i] == null) {
                continue;
            }
            start[j] = utf16Index(text, spans[i].getStart());
            end[j] = utf16Index(text, spans[i].getEnd());
            // A piece starts a word when the pre-tokenizer's word index changes (WordPiece's '##' pieces do not).
            startsWord[j] = words[i] != previousWord || words[i] < 0;
            previousWord = words[i];
            j++;
        }
        return new Pieces(start, end, startsWord);
    }

    /**
     * The pieces of one text: piece i was read from characters {@code [start[i], end[i])} of the text (UTF-16
     * indices, for {@link String#substring}); {@code startsWord[i]} is false for the continuation of a word
     * ({@code ##ing}), where a window must not begin.
     */
    public record Pieces(int[] start, int[] end, boolean[] startsWord) {
        public int size() {
            return start.length;
        }
    }

    /** The native library counts offsets in Unicode code points; Java strings index UTF-16 units. */
    private static int utf16Index(String text, int codePoints) {
        if (text.length() == text.codePointCount(0, text.length())) {
            return Math.min(codePoints, text.length());
        }
        return text.offsetByCodePoints(0, Math.min(codePoints, text.codePointCount(0, text.length())));
    }

    private synchronized HuggingFaceTokenizer untruncated() {
        if (untruncated == null) {
            try {
                untruncated = HuggingFaceTokenizer.newInstance(
                        new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                        Map.of(
                                "addSpecialTokens", "true",
                                "truncation", "false",
                                "padding", "false",
                                "modelMaxLength", Integer.toString(Integer.MAX_VALUE)));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return untruncated;
    }

    /** Encodes each text (see {@link #encode(String)}). */
    public List<Encoded> encodeAll(List<String> texts) {
        List<Encoded> out = new ArrayList<>(texts.size());
        for (String t : texts) {
            out.add(encode(t));
        }
        return out;
    }

    /** Encodes and pads texts in the given order: a batch of shape [B, T] with T the longest length. */
    public PaddedBatch batch(List<String> texts) {
        return PaddedBatch.of(encodeAll(texts));
    }

    /** Encodes and pads text pairs {@code (a[i], b[i])}: a batch of shape [B, T]. */
    public PaddedBatch batchPairs(List<String> a, List<String> b) {
        if (a.size() != b.size()) {
            throw new IllegalArgumentException("pair lists differ in size: " + a.size() + " != " + b.size());
        }
        List<Encoded> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            out.add(encodePair(a.get(i), b.get(i)));
        }
        return PaddedBatch.of(out);
    }

    private static String checkText(String text) {
        if (text == null) {
            throw new IllegalArgumentException("text is null");
        }
        return text;
    }

    @Override
    public synchronized void close() {
        hf.close();
        if (untruncated != null) {
            untruncated.close();
        }
    }
}
