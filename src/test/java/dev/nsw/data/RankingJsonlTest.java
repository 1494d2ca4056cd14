package dev.nsw.data;

import static dev.nsw.testing.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RankingJsonlTest {
    @TempDir
    Path dir;

    @Test
    void readsGroupsAndExpandsThemToTriples() {
        Path f = write(
                dir,
                "t.jsonl",
                "{\"query\": \"q1\", \"pos\": [\"p1\", \"p2\"], \"neg\": [\"n1\", \"n2\"]}\n\n"
                        + "{\"query\": \" q2 \", \"pos\": [\"p3\"], \"neg\": [\"n3\"], \"extra\": 1}\n");
        List<RankingGroup> groups = RankingJsonl.read(f, ReadOptions.STRICT).records();
        assertThat(groups).hasSize(2);
        assertThat(groups.get(1).line()).isEqualTo(3);
        assertThat(groups.get(1).query()).isEqualTo("q2");
        List<RankingTriple> triples = RankingJsonl.triples(groups, 1);
        assertThat(triples).hasSize(3);
        assertThat(triples).extracting(RankingTriple::positive).containsExactly("p1", "p2", "p3");
        assertThat(triples.get(0).negative()).isIn("n1", "n2");
        assertThat(triples.get(2).negative()).isEqualTo("n3");
        assertThat(RankingJsonl.triples(groups, 1)).isEqualTo(triples); // reproducible
    }

    @Test
    void listsDrawDistinctNegativesInTheGroupsOrder() {
        Path f = write(
                dir,
                "t.jsonl",
                "{\"query\": \"q1\", \"pos\": [\"p1\", \"p2\"], \"neg\": [\"n1\", \"n2\", \"n3\", \"n4\"]}\n"
                        + "{\"query\": \"q2\", \"pos\": [\"p3\"], \"neg\": [\"n5\", \"n6\"]}\n");
        List<RankingGroup> groups = RankingJsonl.read(f, ReadOptions.STRICT).records();
        for (long seed = 0; seed < 10; seed++) {
            List<RankingList> lists = RankingJsonl.lists(groups, 3, seed);
            assertThat(lists).extracting(RankingList::positive).containsExactly("p1", "p2"); // q2 lists only 2
            for (RankingList l : lists) {
                assertThat(l.negatives()).hasSize(3).doesNotHaveDuplicates().isSubsetOf("n1", "n2", "n3", "n4");
                assertThat(l.negatives()).isSortedAccordingTo(String::compareTo); // the group's order
            }
            assertThat(RankingList.triples(RankingJsonl.lists(groups, 1, seed)))
                    .isEqualTo(RankingJsonl.triples(groups, seed));
        }
        assertThat(RankingJsonl.lists(groups, 4, 1).get(0).negatives()).containsExactly("n1", "n2", "n3", "n4");
    }

    @Test
    void reportsFileAndLine() {
        Path f = write(
                dir,
                "bad.jsonl",
                "{\"query\": \"q\", \"pos\": [\"p\"], \"neg\": [\"n\"]}\n{\"query\": \"q\", \"pos\": []}\n");
        assertThatThrownBy(() -> RankingJsonl.read(f, ReadOptions.STRICT))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("bad.jsonl:2")
                .hasMessageContaining("\"pos\"");
        Path g = write(dir, "broken.jsonl", "{\"query\": \"q\", \"pos\": [\"p\"], \"neg\": [\"n\"]}\n{not json\n");
        assertThatThrownBy(() -> RankingJsonl.read(g, ReadOptions.STRICT))
                .hasMessageContaining("broken.jsonl:2")
                .hasMessageContaining("invalid JSON");
        assertThat(RankingJsonl.read(g, ReadOptions.LENIENT).records()).hasSize(1);
    }
}
