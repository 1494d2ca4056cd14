package dev.nsw.data;

import dev.nsw.io.Fingerprint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A retrieval evaluation set: a corpus, the queries asked of it, and the judged (query, document) pairs.
 *
 * <p>Built from the recipe's {@code test.csv} + {@code corpus.csv} ({@link #fromRecipe}) or from a BEIR
 * folder ({@link Beir#load}); both give the same shape so that every metric and tool treats them alike.
 * A query that appears on several lines keeps every gold target (one {@link GoldPair} per line); the
 * recipe's own evaluator keeps only the last, which is a bug we do not copy.
 *
 * <p>The set remembers its {@link Format}, because the field scores the two kinds differently (the recipe's
 * micro Recall@K for recipe files; BEIR/trec_eval's macro recall, graded nDCG and "a query's own id is never
 * a hit" for BEIR folders): {@code dev.nsw.eval.Scoring#defaultsFor} picks the definitions from it. A
 * judged document that is not in the corpus (public BEIR sets have a few) stays judged: it is relevant
 * but can never be retrieved, as in BEIR and pytrec_eval; {@link #absentJudged()} counts such pairs.
 */
public final class RetrievalDataset {
    /** Where a set came from, which decides how it is scored by default. */
    public enum Format {
        /** The recipe's {@code test.csv} + {@code corpus.csv}. */
        RECIPE,
        /** A BEIR folder ({@code corpus.jsonl}, {@code queries.jsonl}, {@code qrels/}). */
        BEIR
    }

    private final String name;
    private final Format format;
    private final Map<String, Map<String, Integer>> grades;
    private final int absentJudged;
    private final Corpus corpus;
    private final List<Query> queries;
    private final List<GoldPair> gold;
    private final Map<String, Query> queryById;
    private final Map<String, Query> queryByText;
    private final Map<String, Set<String>> relevant;
    private final List<DataFormatException> skipped;

    public RetrievalDataset(
            String name, Corpus corpus, List<Query> queries, List<GoldPair> gold, List<DataFormatException> skipped) {
        this(name, Format.RECIPE, corpus, queries, gold, skipped);
    }

    public RetrievalDataset(
            String name,
            Format format,
            Corpus corpus,
            List<Query> queries,
            List<GoldPair> gold,
            List<DataFormatException> skipped) {
        this.name = name;
        this.format = format;
        this.corpus = corpus;
        this.queries = List.copyOf(queries);
        this.gold = List.copyOf(gold);
        this.skipped = List.copyOf(skipped);
        this.queryById = new LinkedHashMap<>();
        this.queryByText = new LinkedHashMap<>();
        for (Query q : this.queries) {
            if (queryById.put(q.id(), q) != null) {
                throw new IllegalArgumentException("duplicate query id '" + q.id() + "'");
            }
            queryByText.putIfAbsent(q.text(), q);
        }
        Map<String, Set<String>> rel = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> grade = new LinkedHashMap<>();
        int absent = 0;
        for (GoldPair g : this.gold) {
            if (!queryById.containsKey(g.queryId())) {
                throw new IllegalArgumentException("gold pair names unknown query '" + g.queryId() + "'");
            }
            rel.computeIfAbsent(g.queryId(), k -> new LinkedHashSet<>()).add(g.docId());
            // The same pair judged twice keeps its highest grade.
            grade.computeIfAbsent(g.queryId(), k -> new LinkedHashMap<>()).merge(g.docId(), g.grade(), Math::max);
            if (corpus.byId(g.docId()).isEmpty()) {
                absent++;
            }
        }
        rel.replaceAll((k, v) -> Collections.unmodifiableSet(v));
        grade.replaceAll((k, v) -> Collections.unmodifiableMap(v));
        this.relevant = Collections.unmodifiableMap(rel);
        this.grades = Collections.unmodifiableMap(grade);
        this.absentJudged = absent;
    }

    /** The same set restricted to some of its queries (same corpus, format and judgements). */
    public RetrievalDataset withQueries(String newName, List<Query> subset) {
        Set<String> ids = new HashSet<>();
        subset.forEach(q -> ids.add(q.id()));
        return new RetrievalDataset(
                newName,
                format,
                corpus,
                subset,
                gold.stream().filter(g -> ids.contains(g.queryId())).toList(),
                skipped);
    }

    /**
     * Builds an evaluation set from a recipe pair file and its corpus.
     *
     * @param corpus the corpus the queries are answered from, or {@code null} to evaluate a result file on
     *     its own: the gold targets then form the corpus, which is all that text matching needs
     * @throws DataFormatException (strict mode) when a gold target is not in the corpus, naming the pair
     *     file's line; in lenient mode such lines are skipped and listed in {@link #skipped()}
     */
    public static RetrievalDataset fromRecipe(
            String name, DataFile<TextPair> pairs, Corpus corpus, ReadOptions options) {
        List<DataFormatException> skipped = new ArrayList<>(pairs.report().skipped());
        if (corpus == null) {
            List<Document> targets = new ArrayList<>();
            Set<String> seen = new LinkedHashSet<>();
            for (TextPair p : pairs.records()) {
                if (seen.add(p.target())) {
                    targets.add(new Document("t" + seen.size(), p.target()));
                }
            }
            corpus = Corpus.of(targets);
        }
        Map<String, Query> byText = new LinkedHashMap<>();
        List<GoldPair> gold = new ArrayList<>();
        for (TextPair p : pairs.records()) {
            Optional<Document> target = corpus.byText(p.target());
            if (target.isEmpty()) {
                DataFormatException e = new DataFormatException(
                        pairs.path(),
                        p.line(),
                        "gold target is not in the corpus: '" + RecipeFiles.abbreviate(p.target()) + "'");
                if (!options.lenient()) {
                    throw e;
                }
                skipped.add(e);
                continue;
            }
            Query q = byText.computeIfAbsent(p.query(), t -> new Query("q" + (byText.size() + 1), t));
            gold.add(new GoldPair(q.id(), target.get().id(), p.line()));
        }
        return new RetrievalDataset(name, corpus, new ArrayList<>(byText.values()), gold, skipped);
    }

    /** Reads {@code pairFile} and {@code corpusFile} (may be null) and builds the set; see {@link #fromRecipe(String, DataFile, Corpus, ReadOptions)}. */
    public static RetrievalDataset readRecipe(Path pairFile, Path corpusFile, ReadOptions options) {
        Corpus corpus = corpusFile == null ? null : Corpus.readRecipe(corpusFile, options);
        DataFile<TextPair> pairs = RecipeFiles.readPairs(pairFile, options);
        String name = pairFile.toAbsolutePath().getParent() == null
                ? pairFile.toString()
                : pairFile.toAbsolutePath().getParent().getFileName() + "/" + pairFile.getFileName();
        return fromRecipe(name, pairs, corpus, options);
    }

    public String name() {
        return name;
    }

    public Corpus corpus() {
        return corpus;
    }

    public Format format() {
        return format;
    }

    /** Distinct queries in order of first appearance. */
    public List<Query> queries() {
        return queries;
    }

    /**
     * A short fingerprint of the query set (ids and texts, in id order), which nsw stamps on the runs it writes
     * ({@link TrecRunFile}) so that a run is never scored against another set. Recipe pair files number their
     * queries q1, q2, … by position, so two different pair files share ids and only this tells them apart.
     */
    public String queriesFingerprint() {
        List<String> lines = queries.stream()
                .sorted(Comparator.comparing(Query::id))
                .map(q -> q.id() + "\t" + q.text())
                .toList();
        return Fingerprint.ofTexts(lines).substring(0, 12);
    }

    /** Judged pairs in file order; a query with several targets has several pairs. */
    public List<GoldPair> gold() {
        return gold;
    }

    /** Relevant document ids of a query (empty set for an unknown id). */
    public Set<String> relevant(String queryId) {
        return relevant.getOrDefault(queryId, Set.of());
    }

    /**
     * Relevance grades of a query's judged documents (doc id → grade ≥ 1, the gain in graded nDCG); empty
     * for an unknown id.
     */
    public Map<String, Integer> grades(String queryId) {
        return grades.getOrDefault(queryId, Map.of());
    }

    /** Judged (query, document) pairs whose document is not in the corpus: relevant, never retrievable. */
    public int absentJudged() {
        return absentJudged;
    }

    /**
     * One line for the user when judged documents are missing from the corpus, else empty; every front end
     * prints this same line.
     */
    public Optional<String> absentJudgedWarning() {
        return departures().stream()
                .filter(d -> d.kind() == Departure.Kind.JUDGED_NOT_IN_CORPUS)
                .findFirst()
                .map(d -> "warning: " + name + ": " + d.message());
    }

    /**
     * Every way the set as loaded departs from what its files hold, with counts and what nsw does about it —
     * the one list the CLI ({@code data check}) and the Datasets panel show. Empty when the set is loaded as
     * the files are.
     */
    public List<Departure> departures() {
        List<Departure> out = new ArrayList<>();
        int dup = corpus.duplicateTexts();
        if (dup > 0) {
            out.add(new Departure(
                    Departure.Kind.DUPLICATE_TEXTS,
                    dup,
                    corpus.identity() == Corpus.Identity.BY_ID
                            ? plural(dup, "document shares its text", "documents share their text")
                                    + " with an earlier document; all kept, each under its own id (BEIR: a document is its id)"
                            : plural(dup, "corpus line repeats", "corpus lines repeat")
                                    + " an earlier text; each text is one document, kept under its first line number"
                                    + " (the recipe compares texts)"));
        }
        if (absentJudged > 0) {
            out.add(
                    new Departure(
                            Departure.Kind.JUDGED_NOT_IN_CORPUS,
                            absentJudged,
                            plural(
                                            absentJudged,
                                            "judged (query, document) pair names a document",
                                            "judged (query, document) pairs name documents")
                                    + " missing from the corpus; kept as relevant but unretrievable, as BEIR and pytrec_eval do"));
        }
        int self = queriesThatAreDocuments().size();
        if (self > 0) {
            out.add(new Departure(
                    Departure.Kind.QUERIES_THAT_ARE_DOCUMENTS,
                    self,
                    plural(self, "query is also a document", "queries are also documents")
                            + " (same id); a query's own id is never a hit: it is dropped from the query's ranking"
                            + " before scoring (BEIR's ignore_identical_ids; --keep-identical-ids keeps it)"));
        }
        long unjudgedRelevant =
                queries.stream().filter(q -> relevant(q.id()).isEmpty()).count();
        if (unjudgedRelevant > 0) {
            out.add(new Departure(
                    Departure.Kind.QUERIES_WITHOUT_RELEVANT,
                    (int) unjudgedRelevant,
                    plural((int) unjudgedRelevant, "judged query has", "judged queries have")
                            + " no judgement above 0; counted in every mean with 0, as trec_eval and BEIR count them"));
        }
        if (!skipped.isEmpty()) {
            out.add(new Departure(
                    Departure.Kind.BAD_LINES_SKIPPED,
                    skipped.size(),
                    plural(skipped.size(), "bad line", "bad lines") + " skipped (lenient reading); first: "
                            + skipped.getFirst().getMessage()));
        }
        return out;
    }

    /**
     * Ids of the queries that are also corpus documents (same id), in query order: under BEIR's scoring such a
     * query's own document is dropped from its ranking ({@code eval.Scoring#ignoreIdenticalIds}). Recipe
     * queries are numbered q1, q2, … and corpus lines 1, 2, …, so for recipe files this is empty.
     */
    public List<String> queriesThatAreDocuments() {
        return queries.stream()
                .map(Query::id)
                .filter(id -> corpus.byId(id).isPresent())
                .toList();
    }

    /**
     * One way a loaded set departs from its files.
     *
     * @param count how many records it concerns
     * @param message one line for the user: the count, what it is and what nsw does about it
     */
    public record Departure(Kind kind, int count, String message) {
        public enum Kind {
            DUPLICATE_TEXTS,
            JUDGED_NOT_IN_CORPUS,
            QUERIES_THAT_ARE_DOCUMENTS,
            QUERIES_WITHOUT_RELEVANT,
            BAD_LINES_SKIPPED
        }
    }

    private static String plural(int n, String one, String many) {
        return String.format(Locale.ROOT, "%,d %s", n, n == 1 ? one : many);
    }

    public Optional<Query> queryById(String id) {
        return Optional.ofNullable(queryById.get(id));
    }

    public Optional<Query> queryByText(String text) {
        return Optional.ofNullable(queryByText.get(text));
    }

    /** Lines skipped in lenient mode, with their problems. */
    public List<DataFormatException> skipped() {
        return skipped;
    }
}
