package dev.nsw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nsw.data.ReadOptions;
import dev.nsw.data.RecipeFiles;
import dev.nsw.data.TextLine;
import dev.nsw.data.TextPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nsw data synth}: the recipe's files, readable by nsw's own readers, gold texts in the corpus. */
class DataSynthCommandTest {
    @TempDir
    Path tmp;

    @Test
    void writesARecipeCorpusAndPairsWhoseGoldIsInTheCorpus() throws Exception {
        Path out = tmp.resolve("synth");
        CliRun r = CliRun.of(
                "data",
                "synth",
                "--docs",
                "500",
                "--lang",
                "zh",
                "--query_count",
                "40",
                "--seed",
                "3",
                "-o",
                out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> corpus = RecipeFiles.readTexts(out.resolve("corpus.csv"), ReadOptions.STRICT).records().stream()
                .map(TextLine::text)
                .toList();
        assertThat(corpus).hasSize(500);
        List<TextPair> pairs = RecipeFiles.readPairs(out.resolve("test.csv"), ReadOptions.STRICT)
                .records();
        assertThat(pairs).hasSize(40);
        Set<String> texts = new HashSet<>(corpus);
        assertThat(pairs).allSatisfy(p -> assertThat(texts).contains(p.target()));

        // Same seed again into its own folder: the same bytes.
        byte[] first = Files.readAllBytes(out.resolve("corpus.csv"));
        assertThat(CliRun.of(
                                "data",
                                "synth",
                                "--docs",
                                "500",
                                "--lang",
                                "zh",
                                "--query_count",
                                "40",
                                "--seed",
                                "3",
                                "-o",
                                out.toString())
                        .exit())
                .isZero();
        assertThat(Files.readAllBytes(out.resolve("corpus.csv"))).isEqualTo(first);
    }

    @Test
    void refusesAFolderOfUserFilesAndABadLanguage() throws Exception {
        Path mine = Files.createDirectories(tmp.resolve("mine"));
        Files.writeString(mine.resolve("notes.txt"), "mine");
        CliRun r = CliRun.of("data", "synth", "--docs", "10", "-o", mine.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(Files.readString(mine.resolve("notes.txt"))).isEqualTo("mine");
        assertThat(mine.resolve("corpus.csv")).doesNotExist();

        CliRun bad = CliRun.of(
                "data",
                "synth",
                "--docs",
                "10",
                "--lang",
                "fr",
                "-o",
                tmp.resolve("x").toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--lang must be en or zh");
    }
}
