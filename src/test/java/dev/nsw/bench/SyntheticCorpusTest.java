package dev.nsw.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nsw.bench.SyntheticCorpus.Language;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The synthetic text corpus: reproducible from its seed, documents distinct, and queries that restate their
 * gold document only in part (overlap with the gold well above a random document's, yet not a copy).
 */
class SyntheticCorpusTest {

    /** Lower-cased word set (en) or character set (zh) without punctuation: the overlap measure below. */
    private static Set<String> terms(String text, Language lang) {
        String clean = text.toLowerCase(java.util.Locale.ROOT).replaceAll("[\\p{Punct}，。？]", " ");
        Set<String> out = new HashSet<>();
        if (lang == Language.EN) {
            out.addAll(Arrays.asList(clean.trim().split("\\s+")));
        } else {
            clean.codePoints().filter(c -> !Character.isWhitespace(c)).forEach(c -> out.add(Character.toString(c)));
        }
        return out;
    }

    /** Share of the query's terms found in the text. */
    private static double overlap(String query, String text, Language lang) {
        Set<String> q = terms(query, lang);
        Set<String> t = terms(text, lang);
        return q.stream().filter(t::contains).count() / (double) q.size();
    }

    @Test
    void sameSeedSameCorpusOtherSeedOtherCorpus() {
        for (Language lang : Language.values()) {
            SyntheticCorpus a = new SyntheticCorpus(lang, 7, 5000);
            SyntheticCorpus b = new SyntheticCorpus(lang, 7, 5000);
            SyntheticCorpus c = new SyntheticCorpus(lang, 8, 5000);
            int same = 0;
            for (int i = 0; i < 200; i++) {
                assertThat(a.document(i)).isEqualTo(b.document(i));
                assertThat(a.query(i)).isEqualTo(b.query(i));
                same += a.document(i).equals(c.document(i)) ? 1 : 0;
                assertThat(a.document(i)).doesNotContain("\t", "\n");
            }
            assertThat(same).isLessThan(5);
        }
    }

    @Test
    void documentsAreDistinctAndQueriesRestateTheirGoldInPart() {
        for (Language lang : Language.values()) {
            int n = 5000;
            SyntheticCorpus s = new SyntheticCorpus(lang, 42, n);
            Set<String> docs = new HashSet<>();
            for (int i = 0; i < n; i++) {
                docs.add(s.document(i));
            }
            assertThat(docs).as("distinct documents (%s)", lang).hasSize(n);

            List<SyntheticCorpus.GoldQuery> queries = s.queries(n, 300);
            assertThat(queries).hasSize(300);
            double gold = 0;
            double random = 0;
            int verbatim = 0;
            for (SyntheticCorpus.GoldQuery q : queries) {
                String doc = s.document(q.document());
                gold += overlap(q.query(), doc, lang);
                random += overlap(q.query(), s.document((q.document() + n / 2) % n), lang);
                String body = q.query()
                        .substring(lang == Language.EN ? 5 : 0, q.query().length() - (lang == Language.EN ? 1 : 2));
                verbatim += doc.toLowerCase(java.util.Locale.ROOT).contains(body) ? 1 : 0;
            }
            gold /= queries.size();
            random /= queries.size();
            assertThat(gold).as("query terms in the gold document (%s)", lang).isGreaterThan(0.7);
            assertThat(gold - random)
                    .as("gold beats a random document (%s)", lang)
                    .isGreaterThan(0.2);
            assertThat(verbatim)
                    .as("queries that are a verbatim copy of a gold sentence (%s)", lang)
                    .isLessThan(queries.size() / 2);
            // queries spread over the whole corpus, not its head
            assertThat(queries.get(queries.size() - 1).document()).isGreaterThan(n * 9 / 10);
        }
    }
}
