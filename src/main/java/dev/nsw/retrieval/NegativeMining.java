package dev.nsw.retrieval;

import dev.nsw.data.Corpus;
import dev.nsw.data.DataFormatException;
import dev.nsw.data.Document;
import dev.nsw.data.Query;
import dev.nsw.data.RankingList;
import dev.nsw.data.RankingTriple;
import dev.nsw.data.ReadOptions;
import dev.nsw.data.RecallRun;
import dev.nsw.data.RetrievalDataset;
import dev.nsw.data.ScoredDoc;
import dev.nsw.data.TextPair;
import dev.nsw.data.TrecRunFile;
import dev.nsw.encoder.Encoder;
import dev.nsw.index.VectorIndex;
import dev.nsw.job.CancellationToken;
import dev.nsw.job.ProgressListener;
import dev.nsw.lexical.Bm25Index;
import dev.nsw.lexical.Bm25Options;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Makes ranking examples from (query, positive) pairs when the user has no negatives: each pair gets N
 * distinct negatives (1 by default) drawn at random from its query's top-N recalled texts — BM25, dense, or
 * any first-stage TREC run ({@link #fromRun}), ideally the first stage the reranker will rerank: "hard"
 * negatives that look like a match but are not the gold.
 *
 * <p>A candidate is never the pair's gold text, nor any other positive given for the same query, nor the
 * query itself — compared as texts after trimming, so an exact duplicate of the gold under another corpus
 * id is skipped too. A pair whose top N holds fewer usable texts than the negatives asked is skipped and
 * counted (every example then has the same number of negatives, as the listwise loss needs).
 */
public final class NegativeMining {
    private NegativeMining() {}

    /**
     * The examples made (in pair order, each with the negatives asked), how many pairs got them, and how many
     * were skipped.
     */
    public record Result(List<RankingList> lists, int mined, int skipped) {
        /** One triple per (pair, negative): the pairwise loss's examples. */
        public List<RankingTriple> triples() {
            return RankingList.triples(lists);
        }
    }

    /** Recalls candidate texts, best first, for each query. */
    @FunctionalInterface
    public interface CandidateSource {
        List<List<String>> candidates(List<String> queries, int n, ProgressListener progress, CancellationToken cancel);
    }

    /** BM25 top-N over {@code corpus} (the index must have been built over the same corpus). */
    public static CandidateSource bm25(Bm25Index index, Corpus corpus) {
        return (queries, n, progress, cancel) ->
                texts(index.searchAll(asQueries(queries), n, 2, progress, cancel), queries, corpus);
    }

    /** Dense top-N over {@code corpus} by exact cosine search with {@code encoder}. */
    public static CandidateSource dense(Encoder encoder, Corpus corpus) {
        return (queries, n, progress, cancel) -> {
            VectorIndex index =
                    DenseRecall.buildIndex(encoder, corpus, DenseRecall.IndexSpec.exact(), progress, cancel);
            return texts(DenseRecall.recall(encoder, index, asQueries(queries), n, progress, cancel), queries, corpus);
        };
    }

    /**
     * The top N of a first-stage run made for {@code set} (a TREC run of {@code nsw recall}, {@code bm25},
     * hybrid or any system): a query's candidates are the texts of its ranked documents, ids resolved against
     * the set's corpus. A query the run does not answer (or that is not a query of the set) has no candidates.
     *
     * @param file the run's file, named in errors
     * @throws DataFormatException naming {@code file} when the run names a query that is not in the set or a
     *     document that is not in its corpus (a run made for another set or corpus)
     */
    public static CandidateSource fromRun(Path file, RecallRun run, RetrievalDataset set) {
        for (var e : run.rankings().entrySet()) {
            if (set.queryById(e.getKey()).isEmpty()) {
                throw new DataFormatException(
                        file,
                        0,
                        "query id '" + e.getKey() + "' is not a query of " + set.name()
                                + " (was the run made on another set?)");
            }
            for (ScoredDoc d : e.getValue()) {
                if (set.corpus().byId(d.docId()).isEmpty()) {
                    throw new DataFormatException(
                            file,
                            0,
                            "document id '" + d.docId() + "' (query " + e.getKey() + ") is not in the corpus of "
                                    + set.name() + " (was the run made over another corpus?)");
                }
            }
        }
        return (queries, n, progress, cancel) -> {
            List<List<String>> out = new ArrayList<>(queries.size());
            for (String q : queries) {
                // a pair the set skipped (lenient reading) is not a query of it, so the run cannot rank it
                List<ScoredDoc> ranking =
                        set.queryByText(q).map(query -> run.ranking(query.id())).orElse(List.of());
                List<String> texts = new ArrayList<>();
                for (ScoredDoc d : ranking) {
                    if (texts.size() == n) {
                        break;
                    }
                    texts.add(set.corpus().byId(d.docId()).orElseThrow().text());
                }
                out.add(texts);
            }
            return out;
        };
    }

    private static List<Query> asQueries(List<String> texts) {
        List<Query> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            out.add(new Query("m" + i, texts.get(i)));
        }
        return out;
    }

    private static List<List<String>> texts(RecallRun run, List<String> queries, Corpus corpus) {
        List<List<String>> out = new ArrayList<>(queries.size());
        for (int i = 0; i < queries.size(); i++) {
            List<String> texts = new ArrayList<>();
            for (ScoredDoc d : run.ranking("m" + i)) {
                corpus.byId(d.docId()).map(Document::text).ifPresent(texts::add);
            }
            out.add(texts);
        }
        return out;
    }

    /**
     * For each pair, the usable candidates from the query's top N, best first: not the pair's gold, not any
     * other positive of the same query, not the query itself, no repeats.
     *
     * @param topN how deep to look (the recipe-style default is 50)
     */
    public static List<List<String>> usable(
            List<TextPair> pairs,
            CandidateSource source,
            int topN,
            ProgressListener progress,
            CancellationToken cancel) {
        if (topN < 1) {
            throw new IllegalArgumentException("topN must be >= 1, got " + topN);
        }
        Map<String, Set<String>> golds = new HashMap<>();
        Map<String, Integer> queryIndex = new LinkedHashMap<>();
        for (TextPair p : pairs) {
            golds.computeIfAbsent(p.query().strip(), k -> new HashSet<>())
                    .add(p.target().strip());
            queryIndex.putIfAbsent(p.query(), queryIndex.size());
        }
        List<List<String>> candidates = source.candidates(new ArrayList<>(queryIndex.keySet()), topN, progress, cancel);
        List<List<String>> out = new ArrayList<>(pairs.size());
        for (TextPair p : pairs) {
            Set<String> excluded = golds.get(p.query().strip());
            List<String> usable = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (String c : candidates.get(queryIndex.get(p.query()))) {
                String t = c.strip();
                if (!excluded.contains(t) && !t.equals(p.query().strip()) && seen.add(t)) {
                    usable.add(c);
                }
            }
            out.add(usable);
        }
        return out;
    }

    /**
     * One negative per pair, drawn at random among its {@link #usable} candidates; pairs without any are
     * skipped and counted.
     *
     * @param seed makes the random choice reproducible
     */
    public static Result mine(
            List<TextPair> pairs,
            CandidateSource source,
            int topN,
            long seed,
            ProgressListener progress,
            CancellationToken cancel) {
        return mine(pairs, source, topN, 1, seed, progress, cancel);
    }

    /**
     * {@code negatives} distinct negatives per pair, drawn at random among its {@link #usable} candidates
     * ({@link RankingList#draw}: one generator seeded by {@code seed} for all pairs, in pair order) and kept in
     * first-stage order; pairs with fewer usable candidates are skipped and counted. With one negative this
     * draws exactly what {@link #mine(List, CandidateSource, int, long, ProgressListener, CancellationToken)}
     * always drew.
     */
    public static Result mine(
            List<TextPair> pairs,
            CandidateSource source,
            int topN,
            int negatives,
            long seed,
            ProgressListener progress,
            CancellationToken cancel) {
        if (negatives < 1) {
            throw new IllegalArgumentException("negatives must be >= 1, got " + negatives);
        }
        List<List<String>> usable = usable(pairs, source, topN, progress, cancel);
        List<RankingList> lists = new ArrayList<>(pairs.size());
        int skipped = 0;
        Random random = new Random(seed);
        for (int i = 0; i < pairs.size(); i++) {
            TextPair p = pairs.get(i);
            List<String> u = usable.get(i);
            if (u.size() < negatives) {
                skipped++;
                continue;
            }
            lists.add(new RankingList(p.line(), p.query(), p.target(), RankingList.draw(u, negatives, random)));
        }
        return new Result(lists, lists.size(), skipped);
    }

    /** Opens the dense model, only when dense recall needs it. */
    @FunctionalInterface
    public interface EncoderOpener {
        Encoder open() throws IOException;
    }

    /**
     * Mining as {@code nsw rank train --pairs} and {@code nsw rank mine} ask for it: {@code negatives} negatives per
     * pair from a first-stage TREC run of the pair file over {@code corpusFile} (its document ids are the corpus's
     * line numbers), or else from BM25 or dense recall over the mining pool ({@link HardNegatives#miningPool}:
     * {@code corpusFile}, else the pairs' distinct positives).
     *
     * @param runFile the first-stage run to mine from, or null to recall with {@code recall}
     * @param encoder opened for dense recall only, and closed after it
     */
    public static Result mine(
            List<TextPair> pairs,
            Path pairsFile,
            Path runFile,
            HardNegatives.Source recall,
            Path corpusFile,
            EncoderOpener encoder,
            int topN,
            int negatives,
            long seed,
            ReadOptions read,
            ProgressListener progress,
            CancellationToken cancel)
            throws IOException {
        if (runFile != null) {
            RetrievalDataset set = RetrievalDataset.readRecipe(pairsFile, corpusFile, read);
            RecallRun run = TrecRunFile.read(runFile, read, set);
            return mine(pairs, fromRun(runFile, run, set), topN, negatives, seed, progress, cancel);
        }
        Corpus texts = HardNegatives.miningPool(
                corpusFile, pairs.stream().map(TextPair::target).toList(), read);
        return switch (recall) {
            case BM25 -> {
                try (Bm25Index index = Bm25Index.buildInMemory(texts, Bm25Options.auto(texts), progress, cancel)) {
                    yield mine(pairs, bm25(index, texts), topN, negatives, seed, progress, cancel);
                }
            }
            case DENSE -> {
                try (Encoder opened = encoder.open()) {
                    yield mine(pairs, dense(opened, texts), topN, negatives, seed, progress, cancel);
                }
            }
        };
    }
}
