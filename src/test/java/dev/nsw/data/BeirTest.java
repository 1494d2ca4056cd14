package dev.nsw.data;

import static dev.nsw.testing.TestFiles.BOM;
import static dev.nsw.testing.TestFiles.bytes;
import static dev.nsw.testing.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BeirTest {
    @TempDir
    Path dir;

    private void corpus(String... lines) {
        bytes(dir, "corpus.jsonl", BOM, String.join("\r\n", lines) + "\r\n");
    }

    private void queries(String... lines) {
        write(dir, "queries.jsonl", String.join("\n", lines) + "\n\n");
    }

    private Path qrels(String body) {
        return write(dir, "qrels/test.tsv", "query-id\tcorpus-id\tscore\n" + body);
    }

    private void goodSet() {
        corpus(
                "{\"_id\": \"d1\", \"title\": \"Ice\", \"text\": \"Ice floats.\"}",
                "",
                "{\"_id\": \"d2\", \"title\": \"\", \"text\": \"Light is fast.\"}",
                "{\"_id\": \"d3\", \"title\": \"Tides\", \"text\": \"The moon pulls.\"}");
        queries(
                "{\"_id\": \"q1\", \"text\": \"Why does ice float?\"}",
                "{\"_id\": \"q2\", \"text\": \"How fast is light?\"}",
                "{\"_id\": \"q3\", \"text\": \"Unjudged\"}");
    }

    @Test
    void loadsCorpusQueriesAndPositiveQrels() {
        goodSet();
        qrels("q1\td1\t1\r\nq1\td3\t2\n\nq2\td2\t1\nq2\td3\t0\nq1\td1\t1\n");
        RetrievalDataset d = Beir.load(dir, "test", ReadOptions.STRICT);
        assertThat(d.corpus().documents())
                .containsExactly(
                        new Document("d1", "Ice Ice floats."),
                        new Document("d2", "Light is fast."),
                        new Document("d3", "Tides The moon pulls."));
        // q3 has no positive qrel, q2's score-0 pair is not relevant, the repeated q1/d1 is kept once.
        assertThat(d.queries()).extracting(Query::id).containsExactly("q1", "q2");
        assertThat(d.relevant("q1")).containsExactly("d1", "d3");
        assertThat(d.relevant("q2")).containsExactly("d2");
        assertThat(d.gold()).hasSize(3);
    }

    @Test
    void qrelsNamingAMissingDocumentStayJudgedAsBeirKeepsThem() {
        goodSet();
        qrels("q1\td1\t1\nq2\td9\t2\nq2\td2\t1\n");
        for (ReadOptions options : new ReadOptions[] {ReadOptions.STRICT, ReadOptions.LENIENT}) {
            RetrievalDataset d = Beir.load(dir, "test", options);
            assertThat(d.format()).isEqualTo(RetrievalDataset.Format.BEIR);
            assertThat(d.queries()).extracting(Query::id).containsExactly("q1", "q2");
            assertThat(d.relevant("q2")).containsExactly("d9", "d2");
            assertThat(d.grades("q2")).containsEntry("d9", 2).containsEntry("d2", 1);
            assertThat(d.skipped()).isEmpty();
            assertThat(d.absentJudged()).isEqualTo(1);
            assertThat(d.absentJudgedWarning())
                    .hasValueSatisfying(w -> assertThat(w)
                            .contains("1 judged (query, document) pair names a document missing from the corpus")
                            .contains("unretrievable"));
        }
    }

    @Test
    void qrelsProblemsAreReportedPerLine() {
        goodSet();
        Path q = qrels("q1\td1\n");
        assertThatThrownBy(() -> Beir.load(dir, "test", ReadOptions.STRICT))
                .hasMessageStartingWith(q + ":2: expected 3 tab-separated columns");
        qrels("q1\td1\tyes\n");
        assertThatThrownBy(() -> Beir.load(dir, "test", ReadOptions.STRICT))
                .hasMessage(q + ":2: score must be an integer, found 'yes'");
        qrels("q7\td1\t1\n");
        assertThatThrownBy(() -> Beir.load(dir, "test", ReadOptions.STRICT))
                .hasMessage(q + ":2: query id 'q7' is not in queries.jsonl");
    }

    @Test
    void badJsonLinesNameTheirFileAndLine() {
        goodSet();
        qrels("q1\td1\t1\n");
        Path c = write(dir, "corpus.jsonl", "{\"_id\": \"d1\", \"text\": \"a\"}\n{\"_id\": \"d2\", \"text\": \n");
        assertThatThrownBy(() -> Beir.load(dir, "test", ReadOptions.STRICT))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(c + ":2: invalid JSON");
        write(dir, "corpus.jsonl", "{\"_id\": \"d1\", \"text\": \"a\"}\n{\"title\": \"t\", \"text\": \"b\"}\n");
        assertThatThrownBy(() -> Beir.load(dir, "test", ReadOptions.STRICT))
                .hasMessage(c + ":2: missing or empty \"_id\"");
        write(dir, "corpus.jsonl", "{\"_id\": \"d1\", \"text\": \"a\"}\n{\"_id\": \"d1\", \"text\": \"b\"}\n");
        assertThatThrownBy(() -> Beir.load(dir, "test", ReadOptions.STRICT)).hasMessage(c + ":2: duplicate _id 'd1'");
        write(dir, "corpus.jsonl", "[1, 2]\n");
        assertThatThrownBy(() -> Beir.load(dir, "test", ReadOptions.STRICT))
                .hasMessage(c + ":1: expected a JSON object");
        write(dir, "corpus.jsonl", "{\"_id\": \"d1\", \"title\": \" \", \"text\": \"\"}\n");
        assertThatThrownBy(() -> Beir.load(dir, "test", ReadOptions.STRICT))
                .hasMessage(c + ":1: document 'd1' has neither title nor text");
    }

    @Test
    void missingSplitOrFilesAreNamed() {
        goodSet();
        assertThatThrownBy(() -> Beir.load(dir, "dev", ReadOptions.STRICT))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining(dir.resolve("qrels").resolve("dev.tsv").toString())
                .hasMessageContaining("'dev'");
        Path other = dir.resolve("elsewhere");
        assertThatThrownBy(() -> Beir.load(other, "test", ReadOptions.STRICT))
                .hasMessage(other.resolve("corpus.jsonl") + ": file not found");
    }

    @Test
    void qrelsMayPointAtADocumentWhoseTextRepeatsAnEarlierOne() {
        // Real BEIR corpora contain documents with identical text under different ids.
        corpus(
                "{\"_id\": \"a\", \"text\": \"same words\"}",
                "{\"_id\": \"b\", \"text\": \"same words\"}",
                "{\"_id\": \"c\", \"text\": \"other words\"}");
        queries("{\"_id\": \"q1\", \"text\": \"same\"}");
        qrels("q1\tb\t1\n");
        RetrievalDataset d = Beir.load(dir, "test", ReadOptions.STRICT);
        // A BEIR document is its id: both twins are documents, and the qrels judge exactly the one they name.
        assertThat(d.corpus().identity()).isEqualTo(Corpus.Identity.BY_ID);
        assertThat(d.corpus().documents()).extracting(Document::id).containsExactly("a", "b", "c");
        assertThat(d.relevant("q1")).containsExactly("b");
        assertThat(d.corpus().duplicateTexts()).isEqualTo(1);
        assertThat(d.corpus().allWithText("same words"))
                .extracting(Document::id)
                .containsExactly("a", "b");
        assertThat(d.departures())
                .singleElement()
                .satisfies(x -> assertThat(x.message())
                        .startsWith("1 document shares its text with an earlier document; all kept"));
    }

    @Test
    void aQrelsHeaderOfAnyUsualSpellingIsAHeaderAndOnlyOnTheFirstLine() {
        goodSet();
        for (String header : List.of("qid\tdocid\trel", "qid docid rel", "query_id\tcorpus_id\trelevance")) {
            write(dir, "qrels/test.tsv", header + "\nq1\td1\t1\n");
            assertThat(Beir.load(dir, "test", ReadOptions.STRICT).relevant("q1"))
                    .containsExactly("d1");
        }
        write(dir, "qrels/test.tsv", "q1\td1\t1\nqid\tdocid\trel\n");
        assertThatThrownBy(() -> Beir.load(dir, "test", ReadOptions.STRICT))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(dir.resolve("qrels/test.tsv") + ":2: a header line ('qid\tdocid\trel') where judgements"
                        + " are expected; only the first line may be a header");
    }

    @Test
    void aQrelsFileWithOnlyAHeaderIsRefusedInOneLine() {
        goodSet();
        Path q = qrels("");
        assertThatThrownBy(() -> Beir.load(dir, "test", ReadOptions.STRICT))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(q + ": holds only a header line, no judgements: nothing to evaluate");
        qrels("q1\td1\t0\n");
        assertThatThrownBy(() -> Beir.load(dir, "test", ReadOptions.LENIENT))
                .hasMessage(q + ": no judgement with a score above 0: nothing to evaluate");
    }
}
