package dev.nsw.data;

import dev.nsw.io.AtomicFiles;
import java.nio.file.Path;
import java.util.List;

/**
 * Writers for human relevance labels: the recipe's labelled-pair file ({@code query \t title \t 0/1},
 * readable by {@link RecipeFiles#readLabeledPairs}) and BEIR/TREC-style qrels
 * ({@code query-id \t corpus-id \t score} with a header line). Both are written atomically.
 */
public final class LabelFiles {
    private LabelFiles() {}

    /** One judged pair with the ids a qrels file needs. */
    public record Judgement(String queryId, String query, String docId, String text, int label) {
        public Judgement {
            if (label != 0 && label != 1) {
                throw new IllegalArgumentException("label must be 0 or 1, got " + label);
            }
        }
    }

    public static void writeLabeledPairs(Path file, List<Judgement> judgements) {
        AtomicFiles.writeText(file, out -> {
            for (Judgement j : judgements) {
                out.write(clean(j.query()) + "\t" + clean(j.text()) + "\t" + j.label() + "\n");
            }
        });
    }

    public static void writeQrels(Path file, List<Judgement> judgements) {
        AtomicFiles.writeText(file, out -> {
            out.write("query-id\tcorpus-id\tscore\n");
            for (Judgement j : judgements) {
                out.write(clean(j.queryId()) + "\t" + clean(j.docId()) + "\t" + j.label() + "\n");
            }
        });
    }

    /** Tabs and line breaks inside a field would break the format; they become spaces. */
    private static String clean(String s) {
        return s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }
}
