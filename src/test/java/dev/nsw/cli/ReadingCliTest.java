package dev.nsw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nsw.encoder.TinyModels;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the corpus commands read long documents: the max-length rule's one line when --max_seq_length is not given,
 * MaxP when asked, an index of passages reopened at its own window, and the usage errors.
 */
class ReadingCliTest {
    static final Path SAMPLE = Path.of("sample-data", "zh-helpdesk");

    @TempDir
    static Path dir;

    static Path model;

    @BeforeAll
    static void tinyModel() throws Exception {
        model = TinyModels.savedModel(dir.resolve("tiny"), 3);
    }

    private static String[] recall(String... more) {
        String[] head = {
            "recall",
            "--similar_text_pair",
            SAMPLE.resolve("test.csv").toString(),
            "--corpus",
            SAMPLE.resolve("corpus.csv").toString(),
            "--model",
            model.toString(),
            "--evaluate"
        };
        String[] out = java.util.Arrays.copyOf(head, head.length + more.length);
        System.arraycopy(more, 0, out, head.length, more.length);
        return out;
    }

    /** The metrics line of a run (the last row of the table). */
    private static String metrics(CliRun r) {
        return r.out()
                .lines()
                .filter(l -> l.matches(".*\\d+\\.\\d{4}\\s*$"))
                .reduce((a, b) -> b)
                .orElseThrow();
    }

    @Test
    void withoutAMaxSeqLengthTheRuleChoosesOneFromTheCorpusAndSaysWhy() {
        CliRun r = CliRun.of(recall());
        assertThat(r.exit()).as(r.err()).isZero();
        // the helpdesk articles are short: all fit in 64 tokens
        assertThat(r.err())
                .containsPattern(
                        "max_seq_length 64: 100% of documents fit \\(p90 \\d+ tokens\\); --max_seq_length to override");
        CliRun given = CliRun.of(recall("--max_seq_length", "64"));
        assertThat(given.err()).contains("max_seq_length 64 (given)");
        assertThat(metrics(given)).isEqualTo(metrics(r));
    }

    @Test
    void maxPCutsLongDocumentsAndASavedIndexOfPassagesReopensAtItsWindow() {
        CliRun maxp = CliRun.of(recall("--max_seq_length", "16", "--passages", "maxp"));
        assertThat(maxp.exit()).as(maxp.err()).isZero();
        assertThat(maxp.err())
                .contains("max_seq_length 16 (given)")
                .contains("longer ones are cut into 16-token windows, stride 7 and score as their best passage")
                .containsPattern("exact index of [\\d,]+ passages of 108 documents");
        Path index = dir.resolve("passages");
        CliRun built = CliRun.of(
                "index",
                "--corpus",
                SAMPLE.resolve("corpus.csv").toString(),
                "--model",
                model.toString(),
                "--max_seq_length",
                "16",
                "--passages",
                "maxp",
                "--kind",
                "exact",
                "-o",
                index.toString());
        assertThat(built.exit()).as(built.err()).isZero();
        assertThat(built.out()).contains("(passages of 108 documents)");
        // --corpus_embeddings caches the passages' vectors: a second index of the same reading reads them back
        Path cache = dir.resolve("passages.npy");
        java.util.function.Function<String, String[]> cachedIndex = out -> new String[] {
            "index",
            "--corpus",
            SAMPLE.resolve("corpus.csv").toString(),
            "--model",
            model.toString(),
            "--max_seq_length",
            "16",
            "--passages",
            "maxp",
            "--kind",
            "exact",
            "--corpus_embeddings",
            cache.toString(),
            "-o",
            dir.resolve(out).toString()
        };
        CliRun first = CliRun.of(cachedIndex.apply("passages-cached"));
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(cache).isRegularFile();
        CliRun second = CliRun.of(cachedIndex.apply("passages-cached-again"));
        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(second.err()).contains("passages embeddings read from");
        CliRun fromCache =
                CliRun.of(recall("--index", dir.resolve("passages-cached-again").toString()));
        assertThat(metrics(fromCache)).isEqualTo(metrics(maxp));
        CliRun reopened = CliRun.of(recall("--index", index.toString()));
        assertThat(reopened.exit()).as(reopened.err()).isZero();
        assertThat(reopened.err()).contains("max_seq_length 16: the index's 16-token windows, stride 7");
        assertThat(metrics(reopened)).isEqualTo(metrics(maxp));
        // asked for another length than the index was cut at: one line, exit 2
        CliRun wrong = CliRun.of(recall("--index", index.toString(), "--max_seq_length", "32"));
        assertThat(wrong.exit()).isEqualTo(2);
        assertThat(wrong.err()).contains("holds passages of 16-token windows: --max_seq_length must be 16");
    }

    @Test
    void theRuleNeverChoosesMoreThanTheModelCanRead() throws Exception {
        // documents of ~300 characters: the rule would take 512; the tiny model has 128 positions
        StringBuilder corpus = new StringBuilder();
        StringBuilder pairs = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            String doc = ("文档" + i + "讲的是检索系统的召回和排序两个阶段").repeat(15);
            corpus.append(doc).append('\n');
            pairs.append("问题").append(i).append('\t').append(doc).append('\n');
        }
        Path c = java.nio.file.Files.writeString(dir.resolve("long-corpus.csv"), corpus);
        Path p = java.nio.file.Files.writeString(dir.resolve("long-pairs.csv"), pairs);
        CliRun r = CliRun.of(
                "recall",
                "--similar_text_pair",
                p.toString(),
                "--corpus",
                c.toString(),
                "--model",
                model.toString(),
                "--evaluate");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).containsPattern("max_seq_length 128: 0% of documents fit");
    }

    @Test
    void usageErrorsExitTwo() {
        CliRun stride = CliRun.of(recall("--passages", "none", "--passage_stride", "3"));
        assertThat(stride.exit()).isEqualTo(2);
        assertThat(stride.err()).contains("--passage_stride needs --passages maxp");
        CliRun tooLong = CliRun.of(recall("--max_seq_length", "16", "--passages", "maxp", "--passage_stride", "15"));
        assertThat(tooLong.exit()).isEqualTo(2);
        assertThat(tooLong.err()).contains("the passage stride must be in [1, 14]");
        CliRun embed = CliRun.of(
                "embed",
                "--input",
                SAMPLE.resolve("corpus.csv").toString(),
                "--model",
                model.toString(),
                "-o",
                dir.resolve("e.npy").toString());
        assertThat(embed.exit()).as(embed.err()).isZero();
        assertThat(embed.err()).containsPattern("max_seq_length 64: 100% of documents fit");
    }
}
