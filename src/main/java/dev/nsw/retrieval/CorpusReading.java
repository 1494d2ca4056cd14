package dev.nsw.retrieval;

import dev.nsw.encoder.Encoder;
import dev.nsw.index.IndexFiles;
import dev.nsw.index.IndexMetadata;
import dev.nsw.text.MaxSeqLengthRule;
import dev.nsw.text.TokenLengths;
import dev.nsw.text.Tokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How a dense model reads a corpus when the user did not say: its max_seq_length and whether long documents are cut
 * into passages, chosen by {@link MaxSeqLengthRule} from the corpus's token lengths measured with that model's own
 * tokenizer — or, for a saved index of passages, the window it was built with. The service the CLI's corpus
 * commands and the workbench (Datasets, Index, Compare) call, so that both choose alike.
 */
public final class CorpusReading {
    private CorpusReading() {}

    /** The token lengths of {@code texts} for {@code modelSpec} (a bundled model, a model or an export folder). */
    public static TokenLengths measure(String modelSpec, List<String> texts) throws IOException {
        try (Tokenizer tokenizer = Encoder.tokenizerOf(modelSpec)) {
            return TokenLengths.measure(tokenizer, texts);
        }
    }

    /** The rule's choice for {@code texts} read by {@code modelSpec} (never beyond the positions it can read). */
    public static MaxSeqLengthRule.Choice choose(String modelSpec, List<String> texts) throws IOException {
        return resolve(modelSpec, texts, null, null, null);
    }

    /**
     * The reading with what the user gave ({@link MaxSeqLengthRule#resolve}): each of {@code length}, {@code passages},
     * {@code stride} null when not given. The corpus is measured only when something is left to choose from it.
     */
    public static MaxSeqLengthRule.Choice resolve(
            String modelSpec, List<String> texts, Integer length, Boolean passages, Integer stride) throws IOException {
        boolean needLengths = length == null || passages == null && MaxSeqLengthRule.PASSAGES_BY_DEFAULT;
        TokenLengths lengths = needLengths ? measure(modelSpec, texts) : null;
        return MaxSeqLengthRule.resolve(lengths, length, passages, stride, Encoder.maxPositionsOf(modelSpec));
    }

    /**
     * The rule's length for {@code count} texts read as a stream ({@code nsw embed} over a file too large to hold;
     * passages do not apply): the same even sample {@link TokenLengths#measure} takes of a list, gathered in one pass.
     */
    public static MaxSeqLengthRule.Choice choose(String modelSpec, EmbeddingFile.TextSource texts, long count)
            throws IOException {
        int m = (int) Math.min(count, TokenLengths.MAX_SAMPLE);
        List<String> sample = new java.util.ArrayList<>(m);
        long[] index = {0};
        texts.forEach(text -> {
            // text i is taken when it is the next of floor(k · count / m), k = 0 … m − 1
            if (sample.size() < m && index[0] == sample.size() * count / m) {
                sample.add(text);
            }
            index[0]++;
        });
        TokenLengths measured = measure(modelSpec, sample);
        TokenLengths lengths = new TokenLengths(measured.sorted(), Math.toIntExact(Math.max(count, sample.size())));
        return MaxSeqLengthRule.resolve(lengths, null, false, null, Encoder.maxPositionsOf(modelSpec));
    }

    /** The passage layout a saved index was built with (empty for an index of one vector per document). */
    public static Optional<IndexMetadata.Passages> passagesOf(Path indexDir) throws IOException {
        return Optional.ofNullable(IndexFiles.readMetadata(indexDir).passages());
    }
}
