package dev.nsw.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, independent re-implementation of what BEIR reports through pytrec_eval, written from the
 * trec_eval definitions and BEIR's {@code EvaluateRetrieval.evaluate}, for checking nsw's numbers. It shares
 * no code with {@code dev.nsw.data} or {@code RetrievalMetrics}: it reads the raw qrels TSV and TREC run.
 *
 * <ul>
 *   <li>run order: score descending, ties by doc id descending ({@code comp_sim_docno});
 *   <li>{@code ignore_identical_ids}: results whose doc id equals the query id are removed first;
 *   <li>{@code recall_k} = |{rel ≥ 1} ∩ top k| / |{rel ≥ 1}|; {@code ndcg_cut_k} with gain = rel and the ideal
 *       ordering of all judged grades; MRR@k = 1 / rank of the first rel ≥ 1 document in the top k;
 *   <li>micro recall (the recipe's) = Σ hits / Σ |{rel ≥ 1}|;
 *   <li>means over every query of the qrels (trec_eval's queries of both files; nsw's runs list every query), a
 *       query judged only with 0 scoring 0 (trec_eval: recall 0 when nothing is relevant, nDCG 0 when the ideal
 *       DCG is 0).
 * </ul>
 */
public final class TrecEvalReference {
    /** query → (doc → grade ≥ 1). */
    public final Map<String, Map<String, Integer>> qrels = new LinkedHashMap<>();
    /** query → doc ids in trec_eval order. */
    public final Map<String, List<String>> run = new HashMap<>();

    public static TrecEvalReference read(Path qrelsTsv, Path trecRun) throws IOException {
        TrecEvalReference r = new TrecEvalReference();
        for (String line : Files.readAllLines(qrelsTsv)) {
            String[] c = line.split("\t");
            if (c.length < 3 || c[0].equals("query-id")) {
                continue;
            }
            int grade = Integer.parseInt(c[2].strip());
            Map<String, Integer> judged = r.qrels.computeIfAbsent(c[0].strip(), k -> new LinkedHashMap<>());
            if (grade >= 1) {
                judged.merge(c[1].strip(), grade, Math::max);
            }
        }
        record Entry(String doc, double score) {}
        Map<String, List<Entry>> entries = new HashMap<>();
        for (String line : Files.readAllLines(trecRun)) {
            String[] c = line.strip().split("\\s+");
            if (c.length == 6) {
                entries.computeIfAbsent(c[0], k -> new ArrayList<>()).add(new Entry(c[2], Double.parseDouble(c[4])));
            }
        }
        entries.forEach((q, list) -> {
            list.sort((a, b) -> a.score() != b.score()
                    ? Double.compare(b.score(), a.score())
                    : b.doc().compareTo(a.doc()));
            r.run.put(q, list.stream().map(Entry::doc).toList());
        });
        return r;
    }

    private List<String> top(String q, int k, boolean ignoreIdenticalIds) {
        List<String> docs = new ArrayList<>(run.getOrDefault(q, List.of()));
        if (ignoreIdenticalIds) {
            docs.removeIf(q::equals);
        }
        return docs.subList(0, Math.min(k, docs.size()));
    }

    /** Macro recall@k as a fraction. */
    public double macroRecall(int k, boolean ignoreIdenticalIds) {
        double sum = 0;
        for (var e : qrels.entrySet()) {
            long found = top(e.getKey(), k, ignoreIdenticalIds).stream()
                    .filter(e.getValue()::containsKey)
                    .count();
            sum += e.getValue().isEmpty() ? 0 : (double) found / e.getValue().size();
        }
        return sum / qrels.size();
    }

    /** Micro recall@k as a fraction. */
    public double microRecall(int k, boolean ignoreIdenticalIds) {
        long found = 0;
        long judged = 0;
        for (var e : qrels.entrySet()) {
            found += top(e.getKey(), k, ignoreIdenticalIds).stream()
                    .filter(e.getValue()::containsKey)
                    .count();
            judged += e.getValue().size();
        }
        return (double) found / judged;
    }

    public double ndcg(int k, boolean ignoreIdenticalIds) {
        double sum = 0;
        for (var e : qrels.entrySet()) {
            List<String> top = top(e.getKey(), k, ignoreIdenticalIds);
            double dcg = 0;
            for (int i = 0; i < top.size(); i++) {
                dcg += e.getValue().getOrDefault(top.get(i), 0) / (Math.log(i + 2) / Math.log(2));
            }
            List<Integer> grades = new ArrayList<>(e.getValue().values());
            grades.sort((a, b) -> b - a);
            double idcg = 0;
            for (int i = 0; i < Math.min(k, grades.size()); i++) {
                idcg += grades.get(i) / (Math.log(i + 2) / Math.log(2));
            }
            sum += idcg > 0 ? dcg / idcg : 0;
        }
        return sum / qrels.size();
    }

    public double mrr(int k, boolean ignoreIdenticalIds) {
        double sum = 0;
        for (var e : qrels.entrySet()) {
            List<String> top = top(e.getKey(), k, ignoreIdenticalIds);
            for (int i = 0; i < top.size(); i++) {
                if (e.getValue().containsKey(top.get(i))) {
                    sum += 1.0 / (i + 1);
                    break;
                }
            }
        }
        return sum / qrels.size();
    }
}
