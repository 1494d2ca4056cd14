package dev.nsw.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nsw.data.Beir;
import dev.nsw.data.Corpus;
import dev.nsw.data.Document;
import dev.nsw.data.GoldPair;
import dev.nsw.data.Query;
import dev.nsw.data.ReadOptions;
import dev.nsw.data.RecallRun;
import dev.nsw.data.RetrievalDataset;
import dev.nsw.data.ScoredDoc;
import dev.nsw.data.TrecRunFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential test of the scorer: thousands of seeded random BEIR-style sets and runs, scored by nsw
 * ({@link RetrievalMetrics}) and by a trec_eval-equivalent computation written out below from trec_eval's
 * definitions, sharing nothing with nsw but the generated numbers: its own tie order (score descending, then
 * {@code strcmp} of the ids' UTF-8 bytes descending, as trec_eval's {@code comp_sim_docno}), its own
 * identical-id rule, its own recall/MRR/nDCG.
 *
 * <p>The cases have what real sets have: scores with many ties (a few distinct values), documents with equal
 * texts under different ids, judged documents missing from the corpus, graded judgements 0–3, queries whose
 * judgements are all 0 (no relevant document: they count 0 in every mean, as in trec_eval and BEIR), queries
 * that are also documents (BEIR's {@code ignore_identical_ids}, both settings), queries absent from the run,
 * and runs shorter than the cut-offs. Every 8th case goes through the files (corpus.jsonl, queries.jsonl,
 * qrels, a TREC run written by nsw) instead of objects.
 */
class ScorerDifferentialTest {
    private static final int CASES = 3000;
    private static final List<Integer> CUTOFFS = List.of(1, 3, 5, 10, 20);

    @TempDir
    Path dir;

    /** One generated case: what a trec_eval user would have as files. */
    private record Case(
            List<String[]> corpus, // {id, text}
            List<String> queryIds,
            Map<String, Map<String, Integer>> qrels, // query → doc → grade 0..3 (0 = judged not relevant)
            Map<String, List<Object[]>> run) {} // query → {doc, score}

    @Test
    void nswAgreesWithATrecEvalEquivalentComputationOnRandomCases() throws Exception {
        Random random = new Random(20261206);
        int compared = 0;
        for (int c = 0; c < CASES; c++) {
            Case k = generate(random);
            boolean viaFiles = c % 8 == 0 && k.run().values().stream().anyMatch(r -> !r.isEmpty());
            RetrievalDataset set = viaFiles ? throughFiles(k, c) : asObjects(k);
            RecallRun run =
                    viaFiles ? TrecRunFile.read(dir.resolve("c" + c + "/run.trec"), ReadOptions.STRICT) : run(k);
            assertThat(set.corpus().size())
                    .as("every document kept, equal texts or not")
                    .isEqualTo(k.corpus().size());
            for (boolean ignore : new boolean[] {true, false}) {
                for (RecallDefinition recall : RecallDefinition.values()) {
                    MetricsReport nsw = RetrievalMetrics.evaluate(set, run, new Scoring(recall, ignore, CUTOFFS));
                    for (int cut : CUTOFFS) {
                        double expected = recall == RecallDefinition.MACRO
                                ? macroRecall(k, cut, ignore)
                                : microRecall(k, cut, ignore);
                        assertThat(nsw.recallAt().get(cut) / 100)
                                .as("case %d, %s recall@%d, ignore identical ids %s", c, recall, cut, ignore)
                                .isCloseTo(expected, within(1e-9));
                    }
                    assertThat(nsw.mrr10()).as("case %d MRR@10", c).isCloseTo(mrr(k, 10, ignore), within(1e-9));
                    assertThat(nsw.ndcg10()).as("case %d nDCG@10", c).isCloseTo(ndcg(k, 10, ignore), within(1e-9));
                    compared++;
                }
            }
        }
        assertThat(compared).isEqualTo(CASES * 4);
    }

    // ---- the generator -------------------------------------------------------------------------------------

    private static Case generate(Random r) {
        int nDocs = 1 + r.nextInt(30);
        String[] texts = {"alpha", "beta", "gamma", "delta"}; // few texts: many documents share one
        List<String[]> corpus = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < nDocs; i++) {
            String id = r.nextInt(5) == 0 ? "q" + r.nextInt(6) : "d" + i; // some documents are queries' ids
            if (ids.contains(id)) {
                id = "d" + i;
            }
            ids.add(id);
            corpus.add(new String[] {id, texts[r.nextInt(texts.length)] + (r.nextBoolean() ? "" : " " + i)});
        }
        int nQueries = 1 + r.nextInt(6);
        List<String> queryIds = new ArrayList<>();
        Map<String, Map<String, Integer>> qrels = new LinkedHashMap<>();
        for (int q = 0; q < nQueries; q++) {
            String qid = "q" + q;
            queryIds.add(qid);
            Map<String, Integer> judged = new LinkedHashMap<>();
            int nJudged = 1 + r.nextInt(5);
            boolean noneRelevant = r.nextInt(8) == 0;
            for (int j = 0; j < nJudged; j++) {
                String doc = r.nextInt(6) == 0 ? "missing" + r.nextInt(3) : ids.get(r.nextInt(nDocs));
                judged.put(doc, noneRelevant ? 0 : r.nextInt(4));
            }
            qrels.put(qid, judged);
        }
        if (qrels.values().stream().allMatch(j -> j.values().stream().allMatch(g -> g == 0))) {
            qrels.get("q0").replaceAll((doc, g) -> 1); // a set needs one relevant judgement to be scored at all
        }
        Map<String, List<Object[]>> run = new LinkedHashMap<>();
        for (String qid : queryIds) {
            if (r.nextInt(10) == 0) {
                continue; // a query the run does not answer
            }
            List<String> shuffled = new ArrayList<>(ids);
            java.util.Collections.shuffle(shuffled, r);
            int depth = r.nextInt(nDocs + 1); // often shorter than the cut-offs
            List<Object[]> ranked = new ArrayList<>();
            for (String doc : shuffled.subList(0, depth)) {
                double score = r.nextInt(3) == 0 ? r.nextInt(4) * 0.5 : r.nextDouble(); // many ties
                ranked.add(new Object[] {doc, score});
            }
            run.put(qid, ranked);
        }
        return new Case(corpus, queryIds, qrels, run);
    }

    private static RetrievalDataset asObjects(Case k) {
        List<Document> docs =
                k.corpus().stream().map(d -> new Document(d[0], d[1])).toList();
        List<Query> queries = new ArrayList<>();
        List<GoldPair> gold = new ArrayList<>();
        k.qrels().forEach((q, judged) -> {
            queries.add(new Query(q, "text of " + q));
            judged.forEach((doc, grade) -> {
                if (grade > 0) {
                    gold.add(new GoldPair(q, doc, 0, grade));
                }
            });
        });
        return new RetrievalDataset(
                "random",
                RetrievalDataset.Format.BEIR,
                Corpus.of(docs, Corpus.Identity.BY_ID),
                queries,
                gold,
                List.of());
    }

    private static RecallRun run(Case k) {
        Map<String, List<ScoredDoc>> rankings = new LinkedHashMap<>();
        k.run()
                .forEach((q, ranked) -> rankings.put(
                        q,
                        ranked.stream()
                                .map(e -> new ScoredDoc((String) e[0], (double) e[1]))
                                .toList()));
        return new RecallRun("random", rankings);
    }

    /** The case as files, read by nsw's readers; the run is written by nsw and read back. */
    private RetrievalDataset throughFiles(Case k, int c) throws Exception {
        Path folder = dir.resolve("c" + c);
        Files.createDirectories(folder.resolve("qrels"));
        StringBuilder corpus = new StringBuilder();
        k.corpus()
                .forEach(d -> corpus.append("{\"_id\": \"")
                        .append(d[0])
                        .append("\", \"text\": \"")
                        .append(d[1])
                        .append("\"}\n"));
        StringBuilder queries = new StringBuilder();
        k.queryIds()
                .forEach(q -> queries.append("{\"_id\": \"")
                        .append(q)
                        .append("\", \"text\": \"text of ")
                        .append(q)
                        .append("\"}\n"));
        StringBuilder qrels = new StringBuilder("query-id\tcorpus-id\tscore\n");
        k.qrels()
                .forEach((q, judged) -> judged.forEach((doc, g) -> qrels.append(q)
                        .append('\t')
                        .append(doc)
                        .append('\t')
                        .append(g)
                        .append('\n')));
        Files.writeString(folder.resolve("corpus.jsonl"), corpus, StandardCharsets.UTF_8);
        Files.writeString(folder.resolve("queries.jsonl"), queries, StandardCharsets.UTF_8);
        Files.writeString(folder.resolve("qrels/test.tsv"), qrels, StandardCharsets.UTF_8);
        TrecRunFile.write(folder.resolve("run.trec"), run(k), "diff");
        return Beir.load(folder, "test", ReadOptions.STRICT);
    }

    // ---- the trec_eval-equivalent reference (no nsw code below) -------------------------------------------

    /** The query's ranking as trec_eval reads it: score descending, ties by strcmp(docno2, docno1). */
    private static List<String> ranked(Case k, String qid, boolean ignoreIdenticalIds) {
        List<Object[]> entries = new ArrayList<>(k.run().getOrDefault(qid, List.of()));
        entries.sort((a, b) -> {
            double sa = (double) a[1];
            double sb = (double) b[1];
            if (sa > sb) {
                return -1;
            }
            if (sa < sb) {
                return 1;
            }
            return Arrays.compareUnsigned(utf8((String) b[0]), utf8((String) a[0]));
        });
        List<String> docs = new ArrayList<>();
        for (Object[] e : entries) {
            if (!(ignoreIdenticalIds && e[0].equals(qid))) {
                docs.add((String) e[0]);
            }
        }
        return docs;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> top(Case k, String qid, int cut, boolean ignore) {
        List<String> docs = ranked(k, qid, ignore);
        return docs.subList(0, Math.min(cut, docs.size()));
    }

    private static long relevant(Map<String, Integer> judged) {
        return judged.values().stream().filter(g -> g >= 1).count();
    }

    private static long found(Case k, String qid, int cut, boolean ignore) {
        Map<String, Integer> judged = k.qrels().get(qid);
        return top(k, qid, cut, ignore).stream()
                .filter(d -> judged.getOrDefault(d, 0) >= 1)
                .count();
    }

    private static double macroRecall(Case k, int cut, boolean ignore) {
        double sum = 0;
        for (String q : k.qrels().keySet()) {
            long rel = relevant(k.qrels().get(q));
            sum += rel == 0 ? 0 : (double) found(k, q, cut, ignore) / rel;
        }
        return sum / k.qrels().size();
    }

    private static double microRecall(Case k, int cut, boolean ignore) {
        long found = 0;
        long rel = 0;
        for (String q : k.qrels().keySet()) {
            found += found(k, q, cut, ignore);
            rel += relevant(k.qrels().get(q));
        }
        return rel == 0 ? 0 : (double) found / rel;
    }

    private static double mrr(Case k, int cut, boolean ignore) {
        double sum = 0;
        for (String q : k.qrels().keySet()) {
            List<String> top = top(k, q, cut, ignore);
            for (int i = 0; i < top.size(); i++) {
                if (k.qrels().get(q).getOrDefault(top.get(i), 0) >= 1) {
                    sum += 1.0 / (i + 1);
                    break;
                }
            }
        }
        return sum / k.qrels().size();
    }

    /** trec_eval ndcg_cut: gain = grade, discount log2(rank + 1), ideal = all judged grades sorted; 0 when ideal is 0. */
    private static double ndcg(Case k, int cut, boolean ignore) {
        double sum = 0;
        for (String q : k.qrels().keySet()) {
            Map<String, Integer> judged = k.qrels().get(q);
            List<String> top = top(k, q, cut, ignore);
            double dcg = 0;
            for (int i = 0; i < top.size(); i++) {
                dcg += judged.getOrDefault(top.get(i), 0) / (Math.log(i + 2) / Math.log(2));
            }
            int[] grades = judged.values().stream()
                    .mapToInt(Integer::intValue)
                    .filter(g -> g > 0)
                    .sorted()
                    .toArray();
            double ideal = 0;
            for (int i = 0; i < Math.min(cut, grades.length); i++) {
                ideal += grades[grades.length - 1 - i] / (Math.log(i + 2) / Math.log(2));
            }
            sum += ideal > 0 ? dcg / ideal : 0;
        }
        return sum / k.qrels().size();
    }
}
