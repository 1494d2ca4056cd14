package dev.nsw.data;

import static dev.nsw.testing.TestFiles.BOM;
import static dev.nsw.testing.TestFiles.INVALID_UTF8;
import static dev.nsw.testing.TestFiles.bytes;
import static dev.nsw.testing.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecipeFilesTest {
    @TempDir
    Path dir;

    private static DataFormatException strictFailure(Runnable read) {
        DataFormatException e = catchThrowableOfType(DataFormatException.class, read::run);
        assertThat(e).as("expected a DataFormatException").isNotNull();
        return e;
    }

    @Test
    void pairsWithBomCrlfAndBlankLinesKeepTheirPhysicalLineNumbers() {
        Path f = bytes(dir, "test.csv", BOM, "手机充不进电\t手机无法充电\r\n\r\n q2 \tt2\n\n  \nq3\tt3");
        DataFile<TextPair> pairs = RecipeFiles.readPairs(f, ReadOptions.STRICT);
        assertThat(pairs.records())
                .containsExactly(
                        new TextPair(1, "手机充不进电", "手机无法充电"), new TextPair(3, "q2", "t2"), new TextPair(6, "q3", "t3"));
        assertThat(pairs.report().linesRead()).isEqualTo(6);
        assertThat(pairs.report().blankLines()).isEqualTo(3);
        assertThat(pairs.report().skipped()).isEmpty();
    }

    @Test
    void wrongColumnCountNamesFileLineAndCounts() {
        Path f = write(dir, "train.csv", "a\tb\n\nc\td\te\n");
        DataFormatException e = strictFailure(() -> RecipeFiles.readPairs(f, ReadOptions.STRICT));
        assertThat(e.file()).isEqualTo(f);
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.getMessage()).startsWith(f + ":3: ").contains("expected 2 tab-separated columns", "found 3");
    }

    @Test
    void aPairLineWithoutTabIsOneColumn() {
        Path f = write(dir, "dev.csv", "only one column\n");
        assertThatThrownBy(() -> RecipeFiles.readPairs(f, ReadOptions.STRICT))
                .hasMessage(f + ":1: expected 2 tab-separated columns (query \\t similar text), found 1");
    }

    @Test
    void emptyColumnIsReportedWithItsNumber() {
        Path f = write(dir, "train.csv", "q\tt\nq2\t  \n");
        DataFormatException e = strictFailure(() -> RecipeFiles.readPairs(f, ReadOptions.STRICT));
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.problem()).startsWith("column 2 is empty");
    }

    @Test
    void invalidUtf8IsReportedOnItsLineWithTheByteOffset() {
        Path f = bytes(dir, "corpus.csv", "fine\n", "bad", INVALID_UTF8, "\tx\n", "also fine\n");
        DataFormatException e = strictFailure(() -> RecipeFiles.readTexts(f, ReadOptions.STRICT));
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.getMessage()).isEqualTo(f + ":2: invalid UTF-8 at byte 4 of the line");
    }

    @Test
    void lenientReadSkipsAndCountsBadLines() {
        Path f = bytes(dir, "train.csv", "q1\tt1\n", "broken line\n", "q2\t\n", "x", INVALID_UTF8, "\ty\n", "q3\tt3\n");
        DataFile<TextPair> pairs = RecipeFiles.readPairs(f, ReadOptions.LENIENT);
        assertThat(pairs.records()).extracting(TextPair::line).containsExactly(1L, 5L);
        assertThat(pairs.report().skipped())
                .extracting(DataFormatException::line)
                .containsExactly(2L, 3L, 4L);
        assertThat(pairs.report().skipped())
                .extracting(DataFormatException::problem)
                .satisfiesExactly(
                        p -> assertThat(p).contains("found 1"),
                        p -> assertThat(p).startsWith("column 2 is empty"),
                        p -> assertThat(p).startsWith("invalid UTF-8"));
    }

    @Test
    void lineOverTheCharacterLimitIsBadButLimitCountsCharactersNotBytes() {
        ReadOptions small = new ReadOptions(false, 10);
        // Ten Han characters are 30 bytes but only 10 characters: accepted.
        Path ok = write(dir, "ok.csv", "一二三四五六七八九十\n");
        assertThat(RecipeFiles.readTexts(ok, small).records())
                .extracting(TextLine::text)
                .containsExactly("一二三四五六七八九十");

        Path f = write(dir, "corpus.csv", "short\n" + "x".repeat(11) + "\nshort again\n");
        DataFormatException e = strictFailure(() -> RecipeFiles.readTexts(f, small));
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.problem()).startsWith("line is longer than 10 characters");
    }

    @Test
    void lineLongerThanAReadChunkIsCaughtAndLaterLinesKeepTheirNumbers() {
        // 70,000 bytes spans the reader's 64 KiB chunks, which takes the byte-count path.
        Path f = write(dir, "corpus.csv", "first\n" + "y".repeat(70_000) + "\nthird\n");
        ReadOptions lenient = new ReadOptions(true, 10);
        DataFile<TextLine> texts = RecipeFiles.readTexts(f, lenient);
        assertThat(texts.records()).containsExactly(new TextLine(1, "first"), new TextLine(3, "third"));
        assertThat(texts.report().skipped())
                .singleElement()
                .satisfies(e -> assertThat(e.getMessage()).startsWith(f + ":2: line is longer than 10 characters"));

        DataFormatException strict = strictFailure(() -> RecipeFiles.readTexts(f, new ReadOptions(false, 10)));
        assertThat(strict.line()).isEqualTo(2);
    }

    @Test
    void emptyAndBlankOnlyFilesAreWholeFileErrors() {
        Path empty = write(dir, "empty.csv", "");
        Path blank = bytes(dir, "blank.csv", BOM, "\n  \r\n\t\n");
        for (Path f : new Path[] {empty, blank}) {
            DataFormatException e = strictFailure(() -> RecipeFiles.readPairs(f, ReadOptions.LENIENT));
            assertThat(e.line()).isZero();
            assertThat(e.getMessage()).isEqualTo(f + ": the file is empty (no non-blank lines)");
        }
    }

    @Test
    void missingFileIsNamed() {
        Path f = dir.resolve("nope.csv");
        assertThatThrownBy(() -> RecipeFiles.readTexts(f, ReadOptions.STRICT))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(f + ": file not found");
    }

    @Test
    void labelledPairsAcceptOnlyZeroOrOne() {
        Path good = write(dir, "labeled.tsv", "q\tt\t1\r\nq\tu\t0\n");
        assertThat(RecipeFiles.readLabeledPairs(good, ReadOptions.STRICT).records())
                .extracting(LabeledPair::relevant)
                .containsExactly(true, false);

        Path bad = write(dir, "bad.tsv", "q\tt\t1\nq\tu\t2\n");
        DataFormatException e = strictFailure(() -> RecipeFiles.readLabeledPairs(bad, ReadOptions.STRICT));
        assertThat(e.getMessage()).isEqualTo(bad + ":2: label must be 0 or 1, found '2'");

        Path twoCols = write(dir, "two.tsv", "q\tt\n");
        assertThat(strictFailure(() -> RecipeFiles.readLabeledPairs(twoCols, ReadOptions.STRICT))
                        .problem())
                .contains("expected 3 tab-separated columns", "found 2");
    }

    @Test
    void triplesNeedThreeNonEmptyColumns() {
        Path good = bytes(dir, "triples.tsv", BOM, "q\tpos\tneg\r\n");
        assertThat(RecipeFiles.readTriples(good, ReadOptions.STRICT).records())
                .containsExactly(new RankingTriple(1, "q", "pos", "neg"));

        Path bad = write(dir, "bad.tsv", "q\tpos\tneg\nq\tpos\n\nq\t\tneg\n");
        DataFormatException e = strictFailure(() -> RecipeFiles.readTriples(bad, ReadOptions.STRICT));
        assertThat(e.line()).isEqualTo(2);
        DataFile<RankingTriple> lenient = RecipeFiles.readTriples(bad, ReadOptions.LENIENT);
        assertThat(lenient.records()).hasSize(1);
        assertThat(lenient.report().skipped())
                .extracting(DataFormatException::line)
                .containsExactly(2L, 4L);
    }

    @Test
    void textsKeepInnerTabsAndStripOuterSpace() {
        Path f = write(dir, "corpus.csv", "  a\tb  \n");
        assertThat(RecipeFiles.readTexts(f, ReadOptions.STRICT).records()).containsExactly(new TextLine(1, "a\tb"));
    }

    @Test
    void corpusUsesLineNumbersAsIdsAndDropsRepeatedTexts() {
        Path f = bytes(dir, "corpus.csv", BOM, "alpha\r\n\r\nbeta\nalpha\ngamma\n");
        Corpus c = Corpus.readRecipe(f, ReadOptions.STRICT);
        assertThat(c.documents())
                .containsExactly(new Document("1", "alpha"), new Document("3", "beta"), new Document("5", "gamma"));
        assertThat(c.duplicatesDropped()).isEqualTo(1);
        assertThat(c.byText("beta")).contains(new Document("3", "beta"));
        // The dropped copy's id resolves to the kept document; unknown ids stay unknown.
        assertThat(c.byId("4")).contains(new Document("1", "alpha"));
        assertThat(c.byId("2")).isEmpty();
        assertThatThrownBy(() -> Corpus.of(
                        java.util.List.of(new Document("x", "a"), new Document("y", "a"), new Document("y", "b"))))
                .hasMessageContaining("duplicate document id 'y'");
    }

    @Test
    void goldTargetMissingFromCorpusNamesThePairFileLine() {
        Path corpus = write(dir, "corpus.csv", "target one\ntarget two\n");
        Path test = write(dir, "test.csv", "q1\ttarget one\nq2\tnot in corpus\n");
        DataFormatException e = strictFailure(() -> RetrievalDataset.readRecipe(test, corpus, ReadOptions.STRICT));
        assertThat(e.getMessage()).isEqualTo(test + ":2: gold target is not in the corpus: 'not in corpus'");

        RetrievalDataset lenient = RetrievalDataset.readRecipe(test, corpus, ReadOptions.LENIENT);
        assertThat(lenient.gold()).hasSize(1);
        assertThat(lenient.skipped()).extracting(DataFormatException::line).containsExactly(2L);
    }

    @Test
    void duplicateQueriesKeepAllTheirGoldTargets() {
        Path corpus = write(dir, "corpus.csv", "A\nB\nC\n");
        Path test = write(dir, "test.csv", "q\tA\nother\tC\nq\tB\n");
        RetrievalDataset d = RetrievalDataset.readRecipe(test, corpus, ReadOptions.STRICT);
        assertThat(d.queries()).extracting(Query::text).containsExactly("q", "other");
        String q = d.queryByText("q").orElseThrow().id();
        assertThat(d.relevant(q)).containsExactlyInAnyOrder("1", "2");
        assertThat(d.gold()).extracting(GoldPair::line).containsExactly(1L, 2L, 3L);
    }

    @Test
    void withoutCorpusTheGoldTargetsFormTheCorpus() {
        Path test = write(dir, "test.csv", "q1\tA\nq2\tA\nq3\tB\n");
        RetrievalDataset d = RetrievalDataset.readRecipe(test, null, ReadOptions.STRICT);
        assertThat(d.corpus().documents()).extracting(Document::text).containsExactly("A", "B");
        assertThat(d.gold()).hasSize(3);
    }

    @Test
    void readOptionsRejectNonPositiveLimit() {
        assertThatThrownBy(() -> new ReadOptions(false, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 0");
    }
}
