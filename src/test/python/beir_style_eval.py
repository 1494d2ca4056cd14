#!/usr/bin/env python3
"""An independent BEIR-style evaluation of a TREC run (standard library only; pytrec_eval is not installable
offline). Written from trec_eval's and BEIR's definitions, sharing no code with nsw:

  * run order: score descending, ties by doc id descending (trec_eval's comp_sim_docno: strcmp(docno2, docno1));
  * BEIR's EvaluateRetrieval.evaluate(ignore_identical_ids=True): a result whose doc id equals its query id is
    removed before the cut-offs;
  * queries: every query of the qrels (grade 0 included; nsw runs list every query), as pytrec_eval counts them;
  * recall@k (trec_eval recall_k, macro) = |rel >= 1 in top k| / |rel >= 1| (0 when nothing is relevant);
  * micro recall (the recipe's) = sum of hits / sum of |rel >= 1|;
  * ndcg@10 (trec_eval ndcg_cut_10): gain = grade, discount log2(rank + 1), ideal over all judged grades, 0 when 0;
  * MRR@10 = 1 / rank of the first rel >= 1 document in the top 10.

Usage: beir_style_eval.py QRELS_TSV RUN_TREC [--keep-identical-ids]   → JSON on stdout
"""
import json
import math
import sys


def main(qrels_path, run_path, ignore_identical_ids=True):
    qrels = {}
    with open(qrels_path, encoding="utf-8") as f:
        for n, line in enumerate(f):
            cols = line.rstrip("\n").split("\t")
            if n == 0 and not cols[-1].strip().lstrip("-").isdigit():
                continue  # header
            if len(cols) < 3:
                continue
            grades = qrels.setdefault(cols[0].strip(), {})
            g = int(cols[2])
            if g >= 1:
                grades[cols[1].strip()] = max(g, grades.get(cols[1].strip(), 0))
    run = {}
    with open(run_path, encoding="utf-8") as f:
        for line in f:
            cols = line.split()
            if len(cols) == 6:
                run.setdefault(cols[0], []).append((cols[2], float(cols[4])))
    ranked = {}
    for q, docs in run.items():
        # two stable sorts: doc id descending (as bytes), then score descending
        docs = sorted(docs, key=lambda d: d[0].encode("utf-8"), reverse=True)
        docs = sorted(docs, key=lambda d: d[1], reverse=True)
        ranked[q] = [d for d, _ in docs if not (ignore_identical_ids and d == q)]
    cutoffs = [1, 5, 10, 20, 50, 100]
    out = {}
    n = len(qrels)
    for k in cutoffs:
        macro = 0.0
        hits = judged = 0
        for q, grades in qrels.items():
            top = ranked.get(q, [])[:k]
            found = sum(1 for d in top if d in grades)
            macro += found / len(grades) if grades else 0.0
            hits += found
            judged += len(grades)
        out[f"recall@{k}"] = 100 * macro / n
        out[f"micro_recall@{k}"] = 100 * hits / judged
    mrr = ndcg = 0.0
    for q, grades in qrels.items():
        top = ranked.get(q, [])[:10]
        for i, d in enumerate(top):
            if d in grades:
                mrr += 1 / (i + 1)
                break
        dcg = sum(grades.get(d, 0) / math.log2(i + 2) for i, d in enumerate(top))
        ideal = sum(g / math.log2(i + 2) for i, g in enumerate(sorted(grades.values(), reverse=True)[:10]))
        ndcg += dcg / ideal if ideal > 0 else 0.0
    out["mrr@10"] = mrr / n
    out["ndcg@10"] = ndcg / n
    out["queries"] = n
    print(json.dumps(out, indent=1, sort_keys=True))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], "--keep-identical-ids" not in sys.argv[3:])
