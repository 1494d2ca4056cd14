package dev.nsw.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelFilesTest {
    @TempDir
    Path dir;

    @Test
    void labeledPairsReadBackWithTheRecipeReader() throws Exception {
        Path f = dir.resolve("labels.tsv");
        LabelFiles.writeLabeledPairs(
                f,
                List.of(
                        new LabelFiles.Judgement("q1", "手机\t怎么办", "d1", "办理手机", 1),
                        new LabelFiles.Judgement("q1", "手机怎么办", "d2", "别的", 0)));
        DataFile<LabeledPair> back = RecipeFiles.readLabeledPairs(f, ReadOptions.STRICT);
        assertThat(back.records())
                .extracting(LabeledPair::query, LabeledPair::label)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("手机 怎么办", 1),
                        org.assertj.core.groups.Tuple.tuple("手机怎么办", 0));
    }

    @Test
    void qrelsHaveTheBeirHeader() throws Exception {
        Path f = dir.resolve("qrels.tsv");
        LabelFiles.writeQrels(f, List.of(new LabelFiles.Judgement("q1", "x", "d7", "y", 1)));
        assertThat(Files.readAllLines(f)).containsExactly("query-id\tcorpus-id\tscore", "q1\td7\t1");
    }
}
