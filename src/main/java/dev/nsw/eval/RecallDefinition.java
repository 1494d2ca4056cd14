package dev.nsw.eval;

import java.util.Locale;

/**
 * The two Recall@K definitions in use in the field; both are percentages here.
 *
 * <ul>
 *   <li>{@link #MICRO} (the recipe's): hits over judged (query, gold) pairs —
 *       {@code 100 · Σ_q |rel(q) ∩ top_K(q)| / Σ_q |rel(q)|}. With one gold document per query it is the
 *       share of queries whose target is in the top K.
 *   <li>{@link #MACRO} (BEIR, trec_eval's {@code recall_K}, MTEB, Pyserini): per-query recall, then the mean —
 *       {@code 100 · (1/|Q|) Σ_q |rel(q) ∩ top_K(q)| / |rel(q)|}.
 * </ul>
 */
public enum RecallDefinition {
    MICRO("micro: judged (query, gold) pairs found in the top K"),
    MACRO("macro: mean over queries of |relevant ∩ top K| / |relevant|");

    private final String description;

    RecallDefinition(String description) {
        this.description = description;
    }

    /** The name users type ({@code micro}, {@code macro}). */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String description() {
        return description;
    }
}
