package dev.nsw.lexical;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nsw.data.Corpus;
import dev.nsw.data.Document;
import dev.nsw.text.VocabularyCoverage;
import dev.nsw.text.VocabularyCoverage.Script;
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

    @Test
    void theAnalyzerAndTheModelCallTheSameTextsChinese() {
        // 6 Han letters of 23 (Kubernetes, ingress: 17 Latin): 26 %, Chinese for both rules; they once
        // disagreed here (the analyzer's threshold was a fifth, the model's 30 %)
        List<String> mixed = List.of("如何在 Kubernetes 中配置 ingress");
        assertThat(VocabularyCoverage.cjkShare(mixed)).isEqualTo(6.0 / 23);
        assertThat(Script.of(VocabularyCoverage.cjkShare(mixed))).isEqualTo(Script.CHINESE);
        assertThat(LexicalAnalyzer.defaultFor(mixed)).isEqualTo(LexicalAnalyzer.STANDARD);
        // 4 of 27 (15 %): Latin for both
        List<String> latin = List.of("Kubernetes ingress config 配置文件");
        assertThat(Script.of(VocabularyCoverage.cjkShare(latin))).isEqualTo(Script.LATIN);
        assertThat(LexicalAnalyzer.defaultFor(latin)).isEqualTo(LexicalAnalyzer.ENGLISH);
    }
}
