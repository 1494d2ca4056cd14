package dev.nsw.cli;

import dev.nsw.index.IndexMetadata;
import dev.nsw.retrieval.CorpusReading;
import dev.nsw.text.MaxSeqLengthRule;
import dev.nsw.text.PassageWindows;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * How a command that embeds a corpus reads long documents: truncated at max_seq_length, or cut into overlapping
 * passages scored by their best one (MaxP). With {@link ModelOptions}' {@code --max_seq_length}; what is not typed is
 * chosen by {@link MaxSeqLengthRule} from the corpus's token lengths ({@link CorpusReading}), and the choice is
 * printed on one line.
 */
public final class ReadingOptions {
    @Spec(Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    /** What --passages may name. */
    enum Passages {
        NONE,
        MAXP
    }

    /** Null when not typed: the rule's default. */
    @Option(
            names = "--passages",
            paramLabel = "none|maxp",
            completionCandidates = EnumChoices.PassageChoice.class,
            description = {
                "Documents longer than max_seq_length: none = truncated; maxp = cut into overlapping windows of",
                "max_seq_length tokens, each embedded, a document scored by its best window. When not given: the",
                "rule's default for the corpus (printed)."
            })
    Passages passages;

    @Option(
            names = "--passage_stride",
            paramLabel = "N",
            description = "With --passages maxp: word pieces from one window's start to the next; when not given, half"
                    + " a window (max_seq_length − 2 over 2).")
    Integer stride;

    /**
     * Decides max_seq_length and passages for {@code texts} (the corpus) with {@code model}'s tokenizer, prints the
     * one-line reason to stderr, and sets the model's length. A saved index of passages ({@code indexDir}) decides
     * both: its window and stride.
     */
    MaxSeqLengthRule.Choice resolve(ModelOptions model, List<String> texts, Path indexDir) throws IOException {
        if (stride != null && passages == Passages.NONE) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--passage_stride needs --passages maxp");
        }
        model.checkKnown(); // an unknown model is a usage error before its tokenizer is read for the rule
        MaxSeqLengthRule.Choice choice;
        Optional<IndexMetadata.Passages> saved =
                indexDir != null ? CorpusReading.passagesOf(indexDir) : Optional.empty();
        if (saved.isPresent()) {
            IndexMetadata.Passages p = saved.get();
            if (model.maxSeqLength != null && model.maxSeqLength != p.window()) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "--index " + indexDir + " holds passages of " + p.window()
                                + "-token windows: --max_seq_length must be " + p.window() + " (or left out)");
            }
            PassageWindows windows = new PassageWindows(p.window(), p.stride());
            choice = new MaxSeqLengthRule.Choice(
                    p.window(), windows, null, "max_seq_length " + p.window() + ": the index's " + windows.describe());
        } else {
            Boolean cut = passages == null ? null : passages == Passages.MAXP;
            choice = CliSupport.usage(spec, "", () -> {
                try {
                    return CorpusReading.resolve(model.model, texts, model.maxSeqLength, cut, stride);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        model.chosenMaxSeqLength = choice.maxSeqLength();
        spec.commandLine().getErr().println(choice.reason());
        return choice;
    }

    /**
     * The reading of a search against an engine index: an index of passages was embedded at its window, so queries
     * are read at that length too (unless --max_seq_length was given); an index of whole documents leaves the
     * model's setting as it is. Prints the line when it sets the length.
     */
    void followEngineIndex(ModelOptions model, dev.nsw.engine.EngineIndex.Meta meta) {
        if (meta.passages() && model.maxSeqLength == null) {
            model.chosenMaxSeqLength = meta.passageWindow();
            spec.commandLine()
                    .getErr()
                    .println("max_seq_length " + meta.passageWindow() + ": the engine index's " + meta.passageWindow()
                            + "-token windows, stride " + meta.passageStride());
        }
    }
}
