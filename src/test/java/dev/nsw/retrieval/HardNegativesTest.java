package dev.nsw.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nsw.data.Corpus;
import dev.nsw.data.Document;
import dev.nsw.job.CancellationToken;
import dev.nsw.job.ProgressListener;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HardNegativesTest {
    private static Corpus pool(String... texts) {
        List<Document> docs = new ArrayList<>();
        for (String t : texts) {
            docs.add(new Document(Integer.toString(docs.size()), t));
        }
        return Corpus.of(docs);
    }

    @Test
    void bm25MinesLexicallyCloseTextsAndNeverThePositiveOrTheQuery() {
        Corpus pool = pool(
                "how to reset a phone password",
                "reset the router",
                "phone battery drains fast",
                "how to reset a phone",
                "bake bread at home");
        HardNegatives.Mined mined = HardNegatives.mine(
                HardNegatives.Source.BM25,
                List.of("how to reset a phone", "bake bread"),
                List.of("how to reset a phone password", "bake bread at home"),
                pool,
                2,
                10,
                null,
                ProgressListener.NONE,
                CancellationToken.NEVER);
        List<String> first = mined.negatives().get(0);
        assertThat(first).hasSize(2).doesNotContain("how to reset a phone password", "how to reset a phone");
        assertThat(first.getFirst()).isIn("reset the router", "phone battery drains fast");
        // "bake bread" shares words with nothing but its own positive: no negative to mine
        assertThat(mined.negatives().get(1)).isEmpty();
        assertThat(mined.withoutNegative()).isEqualTo(1);
        assertThat(mined.total()).isEqualTo(2);
    }

    @Test
    void denseMiningNeedsAModel() {
        assertThatThrownBy(() -> HardNegatives.mine(
                        HardNegatives.Source.DENSE,
                        List.of("a"),
                        List.of("b"),
                        pool("b", "c"),
                        1,
                        5,
                        null,
                        ProgressListener.NONE,
                        CancellationToken.NEVER))
                .hasMessageContaining("encoder");
    }
}
