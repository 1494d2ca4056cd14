package dev.nsw.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nsw.data.ReadOptions;
import dev.nsw.encoder.EncoderOptions;
import dev.nsw.retrieval.HardNegatives;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** TrainingJob's builder and withers: each changes what it names and keeps every other component. */
class TrainingJobBuilderTest {
    final Path train = Path.of("train.csv");
    final Path out = Path.of("runs", "x");

    @Test
    void theBuilderStartsFromTheStrategysRecipe() {
        TrainingJob job =
                TrainingJob.builder(Strategy.SIMCSE, "base", train, out).build();
        assertThat(job.strategy()).isEqualTo(Strategy.SIMCSE);
        assertThat(job.baseModel()).isEqualTo("base");
        assertThat(job.trainFile()).isEqualTo(train);
        assertThat(job.outputDir()).isEqualTo(out);
        assertThat(job.config()).isEqualTo(Strategy.SIMCSE.defaults());
        assertThat(job.encoderOptions()).isEqualTo(EncoderOptions.defaults());
        assertThat(job.maskProbability()).isEqualTo(0.15);
        assertThat(job.readOptions()).isEqualTo(ReadOptions.STRICT);
        assertThat(job.dev()).isNull();
        assertThat(job.resume()).isFalse();
        assertThat(job.trainLimit()).isZero();
        assertThat(job.hardNegatives()).isNull();
    }

    @Test
    void withersChangeOneThingAndKeepTheRest() {
        var spec = new TrainingJob.HardNegativeSpec(HardNegatives.Source.BM25, 2, null, 20);
        TrainingJob job = TrainingJob.builder(Strategy.INBATCH, "base", train, out)
                .encoderOptions(EncoderOptions.defaults().withMaxSeqLength(32))
                .config(Strategy.INBATCH.defaults().withBatchSize(8))
                .resume(true)
                .trainLimit(100)
                .maskProbability(0.3)
                .readOptions(ReadOptions.LENIENT)
                .hardNegatives(spec)
                .build();
        assertThat(job.toBuilder().build()).isEqualTo(job);

        TrainingJob next = job.startingFrom("previous-stage");
        assertThat(next.baseModel()).isEqualTo("previous-stage");
        assertThat(next.toBuilder().baseModel("base").build()).isEqualTo(job);

        TrainingJob longer = job.withEpochs(7);
        assertThat(longer.config().epochs()).isEqualTo(7);
        assertThat(longer.config().batchSize()).isEqualTo(8);
        assertThat(longer.toBuilder().config(job.config()).build()).isEqualTo(job);
        assertThat(job.withEpochs(null)).isSameAs(job);

        TrainingJob none = job.withHardNegatives(null);
        assertThat(none.hardNegatives()).isNull();
        assertThat(none.withHardNegatives(spec)).isEqualTo(job);
    }
}
