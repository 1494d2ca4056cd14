package dev.nsw.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The promises sample-data/README.md makes about {@code zh-helpdesk}, the demo's data: the test and dev
 * articles are held out from training, and the plain-name control asks about exactly the test articles.
 * If an edit to the sample broke one of them, the demo's "training gain on held-out queries" would be a leak.
 */
class HelpdeskSampleTest {
    private static final Path DIR = Path.of("sample-data", "zh-helpdesk");

    private static List<TextPair> pairs(String name) {
        return RecipeFiles.readPairs(DIR.resolve(name), ReadOptions.STRICT).records();
    }

    @Test
    void heldOutArticlesAndQuestionsNeverAppearInTraining() {
        List<TextPair> train = pairs("train.csv");
        Set<String> trainTargets = train.stream().map(TextPair::target).collect(Collectors.toSet());
        Set<String> trainQueries = train.stream().map(TextPair::query).collect(Collectors.toSet());
        for (String heldOut : List.of("test.csv", "dev.csv")) {
            for (TextPair p : pairs(heldOut)) {
                assertThat(trainTargets)
                        .as(heldOut + ":" + p.line() + " target in train.csv")
                        .doesNotContain(p.target());
                assertThat(trainQueries)
                        .as(heldOut + ":" + p.line() + " query in train.csv")
                        .doesNotContain(p.query());
            }
        }
        Set<String> testTargets =
                pairs("test.csv").stream().map(TextPair::target).collect(Collectors.toSet());
        assertThat(pairs("dev.csv")).extracting(TextPair::target).doesNotContainAnyElementsOf(testTargets);
    }

    @Test
    void everyTargetIsInTheCorpusOnce() {
        List<String> corpus = RecipeFiles.readTexts(DIR.resolve("corpus.csv"), ReadOptions.STRICT).records().stream()
                .map(TextLine::text)
                .toList();
        assertThat(new HashSet<>(corpus)).hasSameSizeAs(corpus);
        for (String f : List.of("train.csv", "dev.csv", "test.csv", "test_plain.csv")) {
            assertThat(corpus)
                    .as(f)
                    .containsAll(pairs(f).stream().map(TextPair::target).toList());
        }
    }

    @Test
    void theControlAsksAboutTheSameArticlesWithoutCodeNames() {
        List<TextPair> test = pairs("test.csv");
        List<TextPair> plain = pairs("test_plain.csv");
        assertThat(plain)
                .extracting(TextPair::target)
                .containsExactlyElementsOf(test.stream().map(TextPair::target).toList());
        for (int i = 0; i < test.size(); i++) {
            assertThat(plain.get(i).query())
                    .as("control query %d differs from its test query", i)
                    .isNotEqualTo(test.get(i).query());
        }
    }
}
