package dev.nsw.data;

import dev.nsw.io.AtomicFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The recipe's recall result file: {@code query \t recalled_text \t score}, the lines of one query
 * together, best first ({@code recall_num} lines a query in the recipe).
 *
 * <p>Reading groups consecutive lines with the same query text, so files whose queries have fewer than
 * {@code recall_num} results still read correctly (the recipe's evaluator assumes exactly
 * {@code recall_num} and silently drops the last query). A recalled text not in the corpus is kept as a
 * miss; a query not in the evaluation set is an error naming the line.
 */
public final class RecallResultFile {
    private RecallResultFile() {}

    /**
     * Reads a result file against an evaluation set.
     *
     * @param recallNum the depth to keep per query (extra lines are ignored), or 0 for all
     */
    public static RecallRun read(Path file, RetrievalDataset dataset, int recallNum, ReadOptions options) {
        Map<String, List<ScoredDoc>> rankings = new LinkedHashMap<>();
        ReadReport report = new ReadReport(file);
        String[] current = {null};
        Lines.forEach(file, options, report, (line, text) -> {
            String[] cols = RecipeFiles.columns(file, line, text, 3, "query \\t recalled text \\t score");
            double score;
            try {
                score = Double.parseDouble(cols[2]);
            } catch (NumberFormatException e) {
                throw new DataFormatException(
                        file, line, "score is not a number: '" + RecipeFiles.abbreviate(cols[2]) + "'");
            }
            Query q = dataset.queryByText(cols[0])
                    .orElseThrow(() -> new DataFormatException(
                            file,
                            line,
                            "query is not in the evaluation set: '" + RecipeFiles.abbreviate(cols[0]) + "'"));
            // The recipe writes one block per test line, so a duplicated query has two identical blocks:
            // keep the first block and ignore later ones.
            boolean continuing = q.id().equals(current[0]);
            if (!continuing && rankings.containsKey(q.id())) {
                current[0] = null;
                return;
            }
            current[0] = q.id();
            List<ScoredDoc> docs = rankings.computeIfAbsent(q.id(), k -> new ArrayList<>());
            if (recallNum > 0 && docs.size() >= recallNum) {
                return;
            }
            docs.add(new ScoredDoc(docId(dataset.corpus(), cols[1], docs), score));
        });
        // the recipe's evaluator ranks a result file's lines in file order, ties included
        return new RecallRun("score", rankings, RecallRun.Order.AS_LISTED);
    }

    /**
     * The document a recalled text names. Under {@link Corpus.Identity#BY_ID} (a BEIR corpus) a text can belong to
     * several documents: the lines of one query that repeat it name its documents in corpus order, so a file nsw
     * wrote reads back to the documents it listed.
     */
    private static String docId(Corpus corpus, String text, List<ScoredDoc> earlier) {
        List<Document> twins = corpus.allWithText(text);
        if (twins.isEmpty()) {
            return unknownDocId(text);
        }
        for (Document d : twins) {
            if (earlier.stream().noneMatch(e -> e.docId().equals(d.id()))) {
                return d.id();
            }
        }
        return twins.getFirst().id();
    }

    /** Id given to a recalled text that is not in the corpus: it can never match a gold id. */
    static String unknownDocId(String text) {
        return "\u0000unknown:" + text;
    }

    /** Writes a run in the recipe's format, one block per query in the dataset's query order. */
    public static void write(Path file, RetrievalDataset dataset, RecallRun run) {
        AtomicFiles.writeText(file, out -> {
            for (Query q : dataset.queries()) {
                for (ScoredDoc d : run.ranking(q.id())) {
                    String text = dataset.corpus()
                            .byId(d.docId())
                            .map(Document::text)
                            .orElseThrow(() -> new IllegalArgumentException(
                                    "run names document '" + d.docId() + "' not in the corpus"));
                    out.write(q.text());
                    out.write('\t');
                    out.write(text);
                    out.write('\t');
                    out.write(String.format(Locale.ROOT, "%.6f", d.score()));
                    out.write('\n');
                }
            }
        });
    }
}
