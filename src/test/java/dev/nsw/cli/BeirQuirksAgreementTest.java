package dev.nsw.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nsw.data.Beir;
import dev.nsw.data.ReadOptions;
import dev.nsw.data.RetrievalDataset;
import dev.nsw.data.RetrievalDataset.Departure;
import dev.nsw.encoder.TinyModels;
import dev.nsw.testing.TrecEvalReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One run, one number: on a BEIR folder with the quirks of real sets ({@code src/test/resources/beir-quirks}:
 * duplicate texts, queries that are documents, judged documents missing from the corpus, tied scores, graded
 * labels, a query judged only with 0), what {@code bm25 --evaluate}, {@code recall --evaluate} (dense and
 * hybrid) print, what {@code evaluate --trec-run} prints for the run each wrote, and an independent
 * pytrec_eval-style computation of that file ({@link TrecEvalReference}) agree — and the file itself is in
 * trec_eval's order, without self-hits, every document kept by id.
 */
class BeirQuirksAgreementTest {
    static final Path QUIRKS = Path.of("src", "test", "resources", "beir-quirks");
    static final List<Integer> K = List.of(1, 5, 10, 20, 50);

    @TempDir
    static Path dir;

    static Path model;

    @BeforeAll
    static void tinyModel() throws Exception {
        model = TinyModels.savedModel(dir.resolve("tiny"), 3);
    }

    @Test
    void theFolderDepartsFromItsFilesInTheCountedWays() {
        RetrievalDataset set = Beir.load(QUIRKS, "test", ReadOptions.STRICT);
        assertThat(set.corpus().size()).isEqualTo(24);
        assertThat(set.queries()).hasSize(7);
        Map<Departure.Kind, Integer> counts =
                set.departures().stream().collect(Collectors.toMap(Departure::kind, Departure::count));
        assertThat(counts)
                .containsEntry(Departure.Kind.DUPLICATE_TEXTS, 3)
                .containsEntry(Departure.Kind.JUDGED_NOT_IN_CORPUS, 2)
                .containsEntry(Departure.Kind.QUERIES_THAT_ARE_DOCUMENTS, 2)
                .containsEntry(Departure.Kind.QUERIES_WITHOUT_RELEVANT, 1)
                .hasSize(4);
        assertThat(set.queriesThatAreDocuments()).containsExactly("q3", "q6");
    }

    @Test
    void bm25() throws Exception {
        agree("BM25 english", "bm25");
    }

    @Test
    void dense() throws Exception {
        agree("tiny exact", "recall", "--model", model.toString());
    }

    @Test
    void hybrid() throws Exception {
        agree("hybrid", "recall", "--model", model.toString(), "--mode", "hybrid", "--hybrid_weight", "0.5");
    }

    private static void agree(String rowName, String... command) throws Exception {
        Path trec = dir.resolve(command[0] + command.length + ".trec");
        String[] args = concat(
                command, "--beir", QUIRKS.toString(), "--top_k", "10", "--trec_run", trec.toString(), "--evaluate");
        CliRun made = CliRun.of(args);
        assertThat(made.exit()).as(made.err()).isZero();
        List<String> out = made.out().lines().toList();
        String row = out.get(out.indexOf(out.stream()
                        .filter(l -> l.startsWith("run "))
                        .findFirst()
                        .orElseThrow())
                + 1);
        assertThat(row).contains(rowName);
        String[] cells = row.trim().split("\\s+");
        double[] printed = Arrays.stream(cells, cells.length - 7, cells.length)
                .mapToDouble(Double::parseDouble)
                .toArray();

        CliRun scored = CliRun.of(
                "evaluate",
                "--beir",
                QUIRKS.toString(),
                "--trec_run",
                trec.toString(),
                "--json",
                "--cutoffs",
                "1,5,10,20,50");
        assertThat(scored.exit()).as(scored.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(scored.out());
        TrecEvalReference ref = TrecEvalReference.read(QUIRKS.resolve("qrels/test.tsv"), trec);
        for (int i = 0; i < K.size(); i++) {
            int k = K.get(i);
            assertThat(json.get("recall@" + k).asDouble())
                    .as("R@%d evaluate = in-process", k)
                    .isEqualTo(printed[i]);
            assertThat(printed[i]).as("R@%d vs reference", k).isCloseTo(100 * ref.macroRecall(k, true), within(0.5e-3));
        }
        assertThat(json.get("mrr@10").asDouble()).isEqualTo(printed[5]);
        assertThat(json.get("ndcg@10").asDouble()).isEqualTo(printed[6]);
        assertThat(printed[5]).isCloseTo(ref.mrr(10, true), within(0.5e-4));
        assertThat(printed[6]).isCloseTo(ref.ndcg(10, true), within(0.5e-4));

        // The file: no query finds itself, at most 10 a query, and its lines are in trec_eval's order already
        List<String[]> lines = Files.readAllLines(trec, StandardCharsets.UTF_8).stream()
                .map(l -> l.split(" "))
                .toList();
        assertThat(lines).noneMatch(c -> c[0].equals(c[2]));
        assertThat(lines.stream()
                        .collect(Collectors.groupingBy(c -> c[0], Collectors.counting()))
                        .values())
                .allMatch(n -> n <= 10);
        for (int i = 1; i < lines.size(); i++) {
            String[] a = lines.get(i - 1);
            String[] b = lines.get(i);
            if (a[0].equals(b[0])) {
                double sa = Double.parseDouble(a[4]);
                double sb = Double.parseDouble(b[4]);
                assertThat(sa > sb || sa == sb && a[2].compareTo(b[2]) > 0)
                        .as("%s before %s", String.join(" ", a), String.join(" ", b))
                        .isTrue();
                assertThat(Integer.parseInt(b[3])).isEqualTo(Integer.parseInt(a[3]) + 1);
            }
        }
        // twins are both returned, each under its own id, the higher id first when tied
        Map<String, Double> q4 = lines.stream()
                .filter(c -> c[0].equals("q4"))
                .collect(Collectors.toMap(c -> c[2], c -> Double.parseDouble(c[4])));
        if (q4.containsKey("d11") || q4.containsKey("d12")) {
            assertThat(q4).containsKeys("d11", "d12");
            assertThat(q4.get("d11")).isEqualTo(q4.get("d12"));
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
