package dev.nsw.gui.search;

import dev.nsw.data.Query;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The Search panel's note under the lists: the gold target's rank in each list, the lists' overlap, what is greyed. */
final class SearchNote {
    private SearchNote() {}

    /** The note for one search's scored lists (a list null when its retriever is missing). */
    static String of(
            Optional<Query> testQuery,
            Set<String> gold,
            int topK,
            RankedLists.Scored lexical,
            RankedLists.Scored dense,
            RankedLists.Scored fused) {
        StringBuilder sb = new StringBuilder();
        if (testQuery.isPresent()) {
            sb.append("Test query ").append(testQuery.get().id()).append(": gold target marked ★");
            if (lexical != null) {
                sb.append(" · BM25 ").append(lexical.goldRank(gold, topK));
            }
            if (dense != null) {
                sb.append(" · dense ").append(dense.goldRank(gold, topK));
            }
        } else {
            sb.append("Not a test query (no gold target to mark)");
        }
        if (lexical != null && dense != null) {
            Set<String> denseIds = dense.ranks().keySet();
            long shared = lexical.hits().stream()
                    .filter(d -> denseIds.contains(d.docId()))
                    .count();
            sb.append(String.format(
                    Locale.ROOT,
                    " · overlap %d of top %d",
                    shared,
                    Math.max(lexical.hits().size(), dense.hits().size())));
        }
        if (fused != null && !gold.isEmpty()) {
            sb.append(" · hybrid ").append(fused.goldRank(gold, topK));
        }
        boolean selfShown = java.util.stream.Stream.of(lexical, dense, fused)
                .anyMatch(l -> l != null && !l.dropped().isEmpty());
        if (selfShown) {
            sb.append(" · greyed: ")
                    .append(testQuery.get().id())
                    .append("'s own document, never a hit under BEIR's scoring (as in Compare)");
        }
        return sb.toString();
    }
}
