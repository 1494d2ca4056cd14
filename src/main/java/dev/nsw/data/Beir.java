package dev.nsw.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reader for BEIR-style folders: {@code corpus.jsonl} ({@code _id}, {@code title}, {@code text}),
 * {@code queries.jsonl} ({@code _id}, {@code text}) and {@code qrels/<split>.tsv}
 * ({@code query-id \t corpus-id \t score}, one header line).
 *
 * <p>A document's text is {@code title + " " + text} (just {@code text} when the title is empty), the same
 * join the recipe-format conversions use, so one set read both ways ranks and scores identically. Only
 * qrels with a score above 0 are relevant, and the score is the document's grade (its gain in nDCG); a query
 * judged only with 0 is evaluated and scores 0 (trec_eval and pytrec_eval count every query of the qrels); a
 * query of {@code queries.jsonl} without a qrels line is not evaluated. A qrels line that names a document missing from
 * {@code corpus.jsonl} is kept, as BEIR and pytrec_eval keep it: the document is relevant but can never be
 * retrieved ({@link RetrievalDataset#absentJudged()} counts them; public sets have a few).
 */
public final class Beir {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Beir() {}

    public static RetrievalDataset load(Path folder, String split, ReadOptions options) {
        Corpus corpus = readCorpus(folder.resolve("corpus.jsonl"), options);
        Map<String, String> queryText = readQueries(folder.resolve("queries.jsonl"), options);
        Path qrels = folder.resolve("qrels").resolve(split + ".tsv");
        if (!Files.exists(qrels)) {
            throw new DataFormatException(qrels, 0, "file not found (is '" + split + "' a split of this BEIR folder?)");
        }
        ReadReport report = new ReadReport(qrels);
        List<DataFormatException> skipped = new ArrayList<>();
        Map<String, Query> queries = new LinkedHashMap<>();
        List<GoldPair> gold = new ArrayList<>();
        Set<String> seenPairs = new LinkedHashSet<>();
        boolean[] first = {true};
        int[] header = {0};
        Lines.forEach(qrels, options, report, (line, text) -> {
            boolean firstLine = first[0];
            first[0] = false;
            if (isHeader(text)) {
                if (firstLine) {
                    header[0] = 1;
                    return; // BEIR's "query-id \t corpus-id \t score", or another header of the same shape
                }
                throw new DataFormatException(
                        qrels,
                        line,
                        "a header line ('" + RecipeFiles.abbreviate(text.strip())
                                + "') where judgements are expected; only the first line may be a header");
            }
            String[] cols = RecipeFiles.columns(qrels, line, text, 3, "query-id \\t corpus-id \\t score");
            int score;
            try {
                score = Integer.parseInt(cols[2].strip());
            } catch (NumberFormatException e) {
                throw new DataFormatException(
                        qrels, line, "score must be an integer, found '" + RecipeFiles.abbreviate(cols[2]) + "'");
            }
            String q = queryText.get(cols[0]);
            if (q == null) {
                throw new DataFormatException(qrels, line, "query id '" + cols[0] + "' is not in queries.jsonl");
            }
            // A judged query is evaluated even when none of its judgements is above 0 (it scores 0), as
            // trec_eval and BEIR's pytrec_eval count every query of the qrels.
            queries.computeIfAbsent(cols[0], id -> new Query(id, q));
            if (score <= 0) {
                return;
            }
            // Documents are their ids (Corpus.Identity.BY_ID): a qrels line judges exactly the document it names,
            // even when another document has the same text. A document missing from the corpus keeps its id:
            // judged, relevant, never retrievable.
            String docId = cols[1];
            queries.computeIfAbsent(cols[0], id -> new Query(id, q));
            if (seenPairs.add(cols[0] + "\t" + docId)) {
                gold.add(new GoldPair(cols[0], docId, line, score));
            }
        });
        if (gold.isEmpty() && report.skipped().isEmpty()) {
            throw new DataFormatException(
                    qrels,
                    0,
                    header[0] == 1 && report.linesRead() - report.blankLines() <= 1
                            ? "holds only a header line, no judgements: nothing to evaluate"
                            : "no judgement with a score above 0: nothing to evaluate");
        }
        skipped.addAll(report.skipped());
        return new RetrievalDataset(
                folder.getFileName() + "/" + split,
                RetrievalDataset.Format.BEIR,
                corpus,
                new ArrayList<>(queries.values()),
                gold,
                skipped);
    }

    /**
     * Whether a qrels line is a header: three columns (tab- or space-separated) that are words, the last not
     * a number — BEIR's {@code query-id \t corpus-id \t score}, {@code qid docid rel}, {@code query_id doc_id
     * relevance} …
     */
    static boolean isHeader(String text) {
        String[] cols = text.strip().split(text.indexOf('\t') >= 0 ? "\t" : "\\s+");
        if (cols.length != 3) {
            return false;
        }
        for (String c : cols) {
            if (!c.strip().matches("[A-Za-z][A-Za-z_\\- ]*")) {
                return false;
            }
        }
        return true;
    }

    /** Reads {@code corpus.jsonl}; ids must be unique, and a document is its id ({@link Corpus.Identity#BY_ID}). */
    public static Corpus readCorpus(Path file, ReadOptions options) {
        List<Document> docs = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        ReadReport report = new ReadReport(file);
        Lines.forEach(file, options, report, (line, text) -> {
            JsonNode node = parse(file, line, text);
            String id = requiredString(file, line, node, "_id");
            String body = node.path("text").asText("");
            String title = node.path("title").asText("").strip();
            String joined = (title.isEmpty() ? body : title + " " + body).strip();
            if (joined.isEmpty()) {
                throw new DataFormatException(file, line, "document '" + id + "' has neither title nor text");
            }
            if (!ids.add(id)) {
                throw new DataFormatException(file, line, "duplicate _id '" + id + "'");
            }
            docs.add(new Document(id, joined));
        });
        return Corpus.of(docs, Corpus.Identity.BY_ID);
    }

    /** Reads {@code queries.jsonl} into id → text, in file order. */
    public static Map<String, String> readQueries(Path file, ReadOptions options) {
        Map<String, String> queries = new LinkedHashMap<>();
        ReadReport report = new ReadReport(file);
        Lines.forEach(file, options, report, (line, text) -> {
            JsonNode node = parse(file, line, text);
            String id = requiredString(file, line, node, "_id");
            String q = requiredString(file, line, node, "text");
            if (queries.putIfAbsent(id, q) != null) {
                throw new DataFormatException(file, line, "duplicate _id '" + id + "'");
            }
        });
        return queries;
    }

    private static JsonNode parse(Path file, long line, String text) {
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || !node.isObject()) {
                throw new DataFormatException(file, line, "expected a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new DataFormatException(file, line, "invalid JSON: " + e.getOriginalMessage());
        }
    }

    private static String requiredString(Path file, long line, JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || v.asText().isBlank()) {
            throw new DataFormatException(file, line, "missing or empty \"" + field + "\"");
        }
        return v.asText().strip();
    }
}
