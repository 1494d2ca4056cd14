package dev.nsw.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nsw.encoder.TinyModels;
import dev.nsw.text.MaxSeqLengthRule;
import dev.nsw.text.TokenLengths;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The max-length rule over a stream of texts (nsw embed of a file) chooses as it does over the same texts in a list. */
class CorpusReadingTest {
    @TempDir
    Path dir;

    @Test
    void aStreamIsSampledAsAListIs() throws Exception {
        String model = TinyModels.savedModel(dir.resolve("tiny"), 3).toString();
        // more texts than the sample holds, lengths cycling through 1..100 words: the even sample decides the
        // percentile
        int n = TokenLengths.MAX_SAMPLE + 5_003;
        List<String> texts = IntStream.range(0, n)
                .mapToObj(i -> "word ".repeat(1 + (i * 7) % 100).strip())
                .toList();
        MaxSeqLengthRule.Choice fromList = CorpusReading.choose(model, texts);
        MaxSeqLengthRule.Choice fromStream = CorpusReading.choose(model, texts::forEach, n);
        assertThat(fromList.lengths().sampled()).isTrue();
        assertThat(fromStream.lengths().measured()).isEqualTo(TokenLengths.MAX_SAMPLE);
        assertThat(fromStream.lengths().corpusSize()).isEqualTo(n);
        assertThat(fromStream.lengths().sorted()).isEqualTo(fromList.lengths().sorted());
        assertThat(fromStream.maxSeqLength()).isEqualTo(fromList.maxSeqLength());
        assertThat(fromStream.reason()).isEqualTo(fromList.reason()).contains("20000 of 25003 measured");
        // a short stream is measured whole
        MaxSeqLengthRule.Choice small = CorpusReading.choose(model, texts.subList(0, 10)::forEach, 10);
        assertThat(small.lengths().sampled()).isFalse();
        assertThat(small.lengths().measured()).isEqualTo(10);
    }
}
