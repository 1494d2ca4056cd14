package dev.nsw.lexical;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nsw.data.Corpus;
import dev.nsw.data.Document;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one "auto" analyzer rule every command and the workbench use. */
class LexicalAnalyzerTest {

    private static Corpus corpus(int english, int chinese) {
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < english; i++) {
            docs.add(new Document("e" + i, "how do I reset my mail password " + i));
        }
        for (int i = 0; i < chinese; i++) {
            docs.add(new Document("z" + i, "报销系统登录不上去怎么办" + i));
        }
        return Corpus.of(docs);
    }

    @Test
    void autoPicksByScript() {
        assertThat(LexicalAnalyzer.autoFor(corpus(0, 10))).isEqualTo(LexicalAnalyzer.STANDARD);
        assertThat(LexicalAnalyzer.autoFor(corpus(10, 0))).isEqualTo(LexicalAnalyzer.ENGLISH);
        assertThat(Bm25Options.auto(corpus(0, 10)).analyzer()).isEqualTo(LexicalAnalyzer.STANDARD);
    }

    @Test
    void autoSamplesOnlyTheFirstDocuments() {
        // English first, then far more Chinese: the sample sees only the English part.
        Corpus mixed = corpus(LexicalAnalyzer.AUTO_SAMPLE_DOCUMENTS, 3 * LexicalAnalyzer.AUTO_SAMPLE_DOCUMENTS);
        assertThat(LexicalAnalyzer.autoFor(mixed)).isEqualTo(LexicalAnalyzer.ENGLISH);
    }

    @Test
    void chooseTakesAutoOrAName() {
        Corpus zh = corpus(0, 5);
        assertThat(LexicalAnalyzer.choose(LexicalAnalyzer.AUTO, zh)).isEqualTo(LexicalAnalyzer.autoFor(zh));
        assertThat(LexicalAnalyzer.choose("english", zh)).isEqualTo(LexicalAnalyzer.ENGLISH);
    }
}
