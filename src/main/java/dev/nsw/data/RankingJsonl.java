package dev.nsw.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Reader for ranking data as JSON lines, one query a line with its positive and negative texts
 * ({@code {"query": str, "pos": [str, ...], "neg": [str, ...]}}, FlagEmbedding's fine-tuning format), and
 * its expansion into the {@link RankingTriple}s a pairwise reranker trains on.
 *
 * <p>Every line must be a JSON object with a non-empty {@code query}, and {@code pos} and {@code neg} arrays
 * of at least one non-empty string each; other fields are ignored. Problems are reported as
 * {@link DataFormatException}s naming file and line (lenient mode skips and counts such lines).
 */
public final class RankingJsonl {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RankingJsonl() {}

    /** Reads the groups in file order. */
    public static DataFile<RankingGroup> read(Path file, ReadOptions options) {
        List<RankingGroup> groups = new ArrayList<>();
        ReadReport report = new ReadReport(file);
        Lines.forEach(file, options, report, (line, text) -> {
            JsonNode node;
            try {
                node = JSON.readTree(text);
            } catch (JsonProcessingException e) {
                throw new DataFormatException(file, line, "invalid JSON: " + e.getOriginalMessage());
            }
            if (node == null || !node.isObject()) {
                throw new DataFormatException(file, line, "expected a JSON object {\"query\", \"pos\", \"neg\"}");
            }
            JsonNode q = node.get("query");
            if (q == null || !q.isTextual() || q.asText().isBlank()) {
                throw new DataFormatException(file, line, "missing or empty \"query\"");
            }
            groups.add(new RankingGroup(
                    line, q.asText().strip(), texts(file, line, node, "pos"), texts(file, line, node, "neg")));
        });
        return new DataFile<>(file, groups, report);
    }

    private static List<String> texts(Path file, long line, JsonNode node, String field) {
        JsonNode array = node.get(field);
        if (array == null || !array.isArray() || array.isEmpty()) {
            throw new DataFormatException(file, line, "\"" + field + "\" must be a non-empty array of texts");
        }
        List<String> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonNode t = array.get(i);
            if (!t.isTextual() || t.asText().isBlank()) {
                throw new DataFormatException(file, line, "\"" + field + "\"[" + i + "] is not a non-empty text");
            }
            out.add(t.asText().strip());
        }
        return out;
    }

    /**
     * One triple per (group, positive): the positive with one of the group's negatives drawn at random
     * (seeded by {@code seed} and the line, so the expansion is reproducible and independent of the order of
     * other lines). The triples keep the group's line number. The same as {@link #lists} with one negative.
     */
    public static List<RankingTriple> triples(List<RankingGroup> groups, long seed) {
        return RankingList.triples(lists(groups, 1, seed));
    }

    /**
     * One example per (group, positive): the positive with {@code negatives} distinct negatives of the group
     * drawn at random ({@link RankingList#draw}, seeded by {@code seed} and the line), in the group's order. A
     * group listing fewer negatives than asked gives no example (the caller counts them).
     */
    public static List<RankingList> lists(List<RankingGroup> groups, int negatives, long seed) {
        if (negatives < 1) {
            throw new IllegalArgumentException("negatives must be >= 1, got " + negatives);
        }
        List<RankingList> out = new ArrayList<>();
        for (RankingGroup g : groups) {
            if (g.negatives().size() < negatives) {
                continue;
            }
            Random r = new Random(seed * 1_000_003L + g.line());
            for (String p : g.positives()) {
                out.add(new RankingList(g.line(), g.query(), p, RankingList.draw(g.negatives(), negatives, r)));
            }
        }
        return out;
    }
}
