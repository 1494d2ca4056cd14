package dev.nsw.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nsw.lexical.Bm25Options;
import dev.nsw.lexical.LexicalAnalyzer;
import org.junit.jupiter.api.Test;

/** The index body and the client's checks, without a cluster (EngineClusterTest runs them against one). */
class EngineIndexTest {
    static final EngineIndex.Meta META =
            new EngineIndex.Meta("model-x", "fp-1", 10, 4, Bm25Options.defaults(LexicalAnalyzer.STANDARD));

    @Test
    void mappingNamesTheLuceneEngineInnerProductOurHnswSettingsAndTheMeta() {
        var spec = new EngineIndex.Spec(24, 180, 3, 1, new Bm25Options(LexicalAnalyzer.ENGLISH, 0.9f, 0.4f));
        var body = EngineIndex.createBody(spec, META);
        var method = body.at("/mappings/properties/vector/method");
        assertThat(method.path("engine").asText()).isEqualTo("lucene"); // never faiss: no natives in the Maven zip
        assertThat(method.path("space_type").asText()).isEqualTo("innerproduct");
        assertThat(method.at("/parameters/m").asInt()).isEqualTo(24);
        assertThat(method.at("/parameters/ef_construction").asInt()).isEqualTo(180);
        assertThat(body.at("/mappings/properties/vector/dimension").asInt()).isEqualTo(4);
        assertThat(body.at("/mappings/properties/text/analyzer").asText()).isEqualTo("english");
        assertThat(body.at("/settings/index/number_of_shards").asInt()).isEqualTo(3);
        assertThat(body.at("/settings/index/similarity/default/k1").asDouble()).isCloseTo(0.9, within(1e-6));
        assertThat(body.at("/settings/index/similarity/default/b").asDouble()).isCloseTo(0.4, within(1e-6));
        assertThat(body.at("/mappings/_meta/nsw_model_id").asText()).isEqualTo("model-x");
        assertThat(body.at("/mappings/_meta/nsw_corpus_fingerprint").asText()).isEqualTo("fp-1");
    }

    @Test
    void unigramBigramAnalyzerIsSpelledOutAndSmartcnIsRefused() {
        var uni = EngineIndex.createBody(
                new EngineIndex.Spec(16, 100, 1, 0, Bm25Options.defaults(LexicalAnalyzer.CJK_UNIGRAM_BIGRAM)), META);
        assertThat(uni.at("/settings/analysis/filter/nsw_cjk_bigram_unigrams/output_unigrams")
                        .asBoolean())
                .isTrue();
        assertThat(uni.at("/settings/analysis/analyzer/nsw_cjk_unigram_bigram/filter")
                        .toString())
                .isEqualTo("[\"cjk_width\",\"lowercase\",\"nsw_cjk_bigram_unigrams\"]");
        assertThatThrownBy(() -> EngineIndex.createBody(
                        new EngineIndex.Spec(16, 100, 1, 0, Bm25Options.defaults(LexicalAnalyzer.SMARTCN)), META))
                .hasMessageContaining("no smartcn analyzer");
    }

    @Test
    void innerProductScoresMapBackToTheInnerProduct() {
        for (double ip = -0.95; ip <= 0.95; ip += 0.05) {
            double pluginScore = ip >= 0 ? 1 + ip : 1 / (1 - ip); // the k-NN plugin's scale for innerproduct
            assertThat(EngineRetrievers.innerProductOf(pluginScore)).isCloseTo(ip, within(1e-12));
        }
    }

    @Test
    void urlsOtherThanHttpHostPortAreRefused() {
        assertThat(new EngineClient("http://127.0.0.1:9200/").base().toString()).isEqualTo("http://127.0.0.1:9200");
        for (String bad : new String[] {"127.0.0.1:9200", "ftp://h:1", "http://", "http://h:9200/index", "not a url"}) {
            assertThatThrownBy(() -> new EngineClient(bad))
                    .isInstanceOf(EngineException.class)
                    .hasMessageStartingWith("bad engine URL");
        }
    }

    @Test
    void mismatchedModelOrCorpusIsRefused() {
        assertThatThrownBy(() -> EngineIndex.requireSame(META, "idx", "model-y", null))
                .hasMessageContaining("holds vectors of model model-x");
        assertThatThrownBy(() -> EngineIndex.requireSame(META, "idx", "model-x", "fp-2"))
                .hasMessageContaining("another corpus");
        EngineIndex.requireSame(META, "idx", "model-x", "fp-1");
    }
}
