package dev.nsw.retrieval;

import dev.nsw.data.ScoredDoc;
import dev.nsw.lexical.Bm25Index;
import java.util.List;
import java.util.Locale;

/** {@link Retriever} over a {@link Bm25Index}: the same search the CLI's {@code nsw bm25} runs. */
public record Bm25Retriever(Bm25Index index) implements Retriever {
    @Override
    public String name() {
        var o = index.options();
        boolean defaults =
                o.k1() == dev.nsw.lexical.Bm25Options.DEFAULT_K1 && o.b() == dev.nsw.lexical.Bm25Options.DEFAULT_B;
        return defaults
                ? "BM25 " + o.analyzer().cliName()
                : String.format(
                        Locale.ROOT, "BM25 %s k1=%.2f b=%.2f", o.analyzer().cliName(), o.k1(), o.b());
    }

    @Override
    public String scoreKind() {
        return "BM25";
    }

    @Override
    public List<ScoredDoc> search(String query, int k) {
        return index.search(query, k);
    }
}
