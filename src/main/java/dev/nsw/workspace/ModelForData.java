package dev.nsw.workspace;

import dev.nsw.encoder.Encoder;
import dev.nsw.encoder.PretrainedModel;
import dev.nsw.text.Tokenizer;
import dev.nsw.text.VocabularyCoverage;
import dev.nsw.text.VocabularyCoverage.Script;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The model follows the data: which bundled model suits a corpus, and whether a model's vocabulary covers
 * it. One rule for the GUI (on open, before training or embedding) and the CLI.
 */
public final class ModelForData {
    private ModelForData() {}

    /** The script each bundled model was trained on. */
    public static Script scriptOf(PretrainedModel m) {
        return m.id().contains("-zh") ? Script.CHINESE : Script.LATIN;
    }

    /** The bundled model for texts in this script: bge-small-zh for Chinese, bge-small-en otherwise. */
    public static PretrainedModel bundledFor(List<String> corpusTexts) {
        Script s = Script.of(VocabularyCoverage.cjkShare(sample(corpusTexts)));
        for (PretrainedModel m : PretrainedModel.values()) {
            if (scriptOf(m) == s) {
                return m;
            }
        }
        return PretrainedModel.values()[0];
    }

    private static List<String> sample(List<String> texts) {
        return texts.subList(0, Math.min(VocabularyCoverage.SAMPLE, texts.size()));
    }

    /** The vocabulary coverage of {@code spec}'s tokenizer (a bundled model's name or a model folder) over the texts. */
    public static VocabularyCoverage coverage(String spec, List<String> corpusTexts) throws IOException {
        try (Tokenizer t = tokenizer(spec)) {
            return VocabularyCoverage.of(t, corpusTexts);
        }
    }

    private static Tokenizer tokenizer(String spec) throws IOException {
        return Encoder.tokenizerOf(spec);
    }

    /**
     * A one-line warning when the model suits the texts poorly, else empty: more than
     * {@link VocabularyCoverage#UNKNOWN_WARNING} of the tokens are {@code [UNK]}, or a bundled model of
     * another script than the corpus's.
     */
    public static Optional<String> warning(String modelLabel, String spec, VocabularyCoverage c) {
        if (c.unknownShare() > VocabularyCoverage.UNKNOWN_WARNING) {
            return Optional.of(String.format(
                    Locale.ROOT,
                    "%s covers this corpus poorly: %.1f %% of its tokens are [UNK] (%s)",
                    modelLabel,
                    100 * c.unknownShare(),
                    c));
        }
        Optional<PretrainedModel> bundled = PretrainedModel.byName(spec);
        if (bundled.isPresent() && scriptOf(bundled.get()) != c.script()) {
            PretrainedModel better = java.util.Arrays.stream(PretrainedModel.values())
                    .filter(m -> scriptOf(m) == c.script())
                    .findFirst()
                    .orElse(bundled.get());
            return Optional.of(String.format(
                    Locale.ROOT,
                    "%s was trained on %s text but this corpus is %s (%s): use %s",
                    modelLabel,
                    name(scriptOf(bundled.get())),
                    name(c.script()),
                    c,
                    better.id()));
        }
        return Optional.empty();
    }

    private static String name(Script s) {
        return s == Script.CHINESE ? "Chinese" : "Latin-script (e.g. English)";
    }
}
