package dev.nsw.cli;

import dev.nsw.data.Beir;
import dev.nsw.data.Corpus;
import dev.nsw.data.ReadOptions;
import dev.nsw.data.RetrievalDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options that name an evaluation set, shared by every command that recalls or scores: either the
 * recipe's files ({@code --similar_text_pair test.csv --corpus corpus.csv}) or a BEIR folder
 * ({@code --beir scifact --split test}).
 */
public final class EvalSetOptions {
    @Spec(Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--similar_text_pair",
            paramLabel = "FILE",
            description = "Recipe pair file (query \\t gold text), e.g. test.csv.")
    Path pairs;

    @Option(
            names = {"--pairs", "--similar_text_pair_file"},
            hidden = true,
            paramLabel = "FILE")
    void otherPairsSpelling(Path file) {
        pairs = file;
    }

    @Option(names = "--corpus", paramLabel = "FILE", description = "Recipe corpus file, one text a line.")
    Path corpus;

    @Option(names = "--corpus_file", hidden = true, paramLabel = "FILE")
    void recipeCorpus(Path file) {
        corpus = file;
    }

    @Option(
            names = "--beir",
            paramLabel = "DIR",
            description = "BEIR folder with corpus.jsonl, queries.jsonl and qrels/<split>.tsv.")
    Path beir;

    @Option(names = "--split", defaultValue = "test", description = "BEIR qrels split.")
    String split;

    @Option(names = "--lenient", description = "Skip and count bad lines instead of stopping at the first.")
    boolean lenient;

    public ReadOptions readOptions() {
        return ReadOptions.of(lenient);
    }

    /** True when a BEIR folder or a pair file was given. */
    public boolean given() {
        return beir != null || pairs != null;
    }

    /**
     * Loads the evaluation set.
     *
     * @param corpusRequired whether the command needs the corpus (recall does; scoring a recipe result
     *     file does not, since it matches by text)
     */
    public RetrievalDataset load(boolean corpusRequired) {
        if (beir != null) {
            if (pairs != null || corpus != null) {
                throw new ParameterException(
                        spec.commandLine(), "use either --beir or --similar_text_pair/--corpus, not both");
            }
            RetrievalDataset d = Beir.load(beir, split, readOptions());
            d.absentJudgedWarning().ifPresent(spec.commandLine().getErr()::println);
            return d;
        }
        if (pairs == null) {
            throw new ParameterException(
                    spec.commandLine(),
                    "missing the evaluation set: give --similar_text_pair FILE (with --corpus FILE) or --beir DIR");
        }
        if (corpusRequired && corpus == null) {
            throw new ParameterException(spec.commandLine(), "missing --corpus FILE (the texts to recall from)");
        }
        return RetrievalDataset.readRecipe(pairs, corpus, readOptions());
    }

    /**
     * Loads a dev set over the same corpus: with {@code --beir}, the qrels split named {@code source}; else the
     * recipe pair file {@code source} against {@code --corpus}.
     */
    public RetrievalDataset loadDev(String source) {
        if (beir != null) {
            return Beir.load(beir, source, readOptions());
        }
        if (corpus == null) {
            throw new ParameterException(spec.commandLine(), "missing --corpus FILE (the texts to recall from)");
        }
        return RetrievalDataset.readRecipe(Path.of(source), corpus, readOptions());
    }

    /** Whether {@code source} (a split name or a pair file) names the evaluation set itself. */
    public boolean namesTheSameSet(String source) {
        if (beir != null) {
            return source.equals(split);
        }
        if (pairs == null) {
            return false;
        }
        try {
            Path dev = Path.of(source);
            return Files.exists(dev) && Files.isSameFile(dev, pairs);
        } catch (IOException | InvalidPathException e) {
            return false;
        }
    }

    /** Loads only the corpus (recipe file or BEIR corpus.jsonl). */
    public Corpus loadCorpus() {
        if (beir != null) {
            return Beir.readCorpus(beir.resolve("corpus.jsonl"), readOptions());
        }
        if (corpus == null) {
            throw new ParameterException(spec.commandLine(), "missing --corpus FILE or --beir DIR");
        }
        return Corpus.readRecipe(corpus, readOptions());
    }
}
