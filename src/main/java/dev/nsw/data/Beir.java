package dev.nsw.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * qrels with a score above 0 are relevant, and the score is the document's grade (its gain in nDCG);
 * queries without one are not evaluated. A qrels line that names a document missing from
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
        Lines.forEach(qrels, options, report, (line, text) -> {
            String[] cols = text.split("\t", -1);
            if (line == 1 && cols.length >= 2 && cols[0].strip().equals("query-id")) {
                return; // header
            }
            cols = RecipeFiles.columns(qrels, line, text, 3, "query-id \\t corpus-id \\t score");
            int score;
            try {
                score = Integer.parseInt(cols[2]);
            } catch (NumberFormatException e) {
                throw new DataFormatException(
                        qrels, line, "score must be an integer, found '" + RecipeFiles.abbreviate(cols[2]) + "'");
            }
            if (score <= 0) {
                return;
            }
            String q = queryText.get(cols[0]);
            if (q == null) {
                throw new DataFormatException(qrels, line, "query id '" + cols[0] + "' is not in queries.jsonl");
            }
            // A document whose text repeats an earlier one was dropped from the corpus: judge the kept copy.
            // A document missing from the corpus keeps its id: judged, relevant, never retrievable.
            String corpusId = cols[1];
            String docId = corpus.byId(corpusId).map(Document::id).orElse(corpusId);
            queries.computeIfAbsent(cols[0], id -> new Query(id, q));
            if (seenPairs.add(cols[0] + "\t" + docId)) {
                gold.add(new GoldPair(cols[0], docId, line, score));
            }
        });
        skipped.addAll(report.skipped());
        return new RetrievalDataset(
                folder.getFileName() + "/" + split,
                RetrievalDataset.Format.BEIR,
                corpus,
                new ArrayList<>(queries.values()),
                gold,
                skipped);
    }

    /** Reads {@code corpus.jsonl}; ids must be unique. */
    public static Corpus readCorpus(Path file, ReadOptions options) {
        List<Document> docs = new ArrayList<>();
        Set<String> ids = new java.util.HashSet<>();
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
        return Corpus.of(docs);
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
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
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
