package dev.nsw.gui.index;

import dev.nsw.index.IndexKind;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What a dense build produced (or what a reloaded index is), as the Index panel says it.
 *
 * @param annRecall10 mean |HNSW top-10 ∩ exact top-10| / 10 over the test queries (NaN for an exact index)
 * @param passages the passage layout of an index of passages (MaxP), null for one vector per document
 */
public record DenseBuild(
        String model,
        String modelId,
        String kind,
        int size,
        int dimensions,
        int m,
        int efConstruction,
        int ef,
        double embedSeconds,
        double indexSeconds,
        double annRecall10,
        Path savedTo,
        boolean reusedEmbeddings,
        int maxSeqLength,
        dev.nsw.index.IndexMetadata.Passages passages) {

    /** One line: kind and settings, size, model, how the vectors came, the ANN recall and where it was saved. */
    String describe() {
        String params = IndexKind.HNSW.id().equals(kind)
                ? String.format(Locale.ROOT, " (M %d, efConstruction %d, ef %d)", m, efConstruction, ef)
                : "";
        String ann = Double.isNaN(annRecall10)
                ? "exact search: ANN recall 1.000 by construction"
                : String.format(
                        Locale.ROOT,
                        "ANN recall@%d vs exact search %.3f on the test queries",
                        IndexViewModel.ANN_K,
                        annRecall10);
        String embedded = reusedEmbeddings
                ? String.format(Locale.ROOT, "saved embeddings read in %.1f s", embedSeconds)
                : String.format(Locale.ROOT, "embedded in %.1f s", embedSeconds);
        return String.format(
                Locale.ROOT,
                "Dense %s index%s: %,d vectors × %d dims, model %s (%s), max_seq_length %d%s; %s, indexed in %.2f s; %s%s",
                kind,
                params,
                size,
                dimensions,
                model,
                modelId,
                maxSeqLength,
                passages == null
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                ", MaxP: %,d documents cut into passages of %d tokens, stride %d, each scored by its"
                                        + " best",
                                passages.documents(),
                                passages.window(),
                                passages.stride()),
                embedded,
                indexSeconds,
                ann,
                savedTo == null ? "" : "; saved to " + savedTo);
    }
}
