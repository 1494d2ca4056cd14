package dev.nsw.encoder;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.nsw.text.PaddedBatch;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The block is a trainable DJL block: gradients reach the weights, dropout acts only in training. */
class EncoderBlockTrainingTest {

    @Test
    void gradientsFlowAndDropoutIsOnlyActiveInTraining() throws Exception {
        try (Encoder e = TinyModels.encoder(
                        11, EncoderOptions.defaults().withOutputEmbSize(8).withThreads(2));
                NDManager m = e.manager().newSubManager()) {
            PaddedBatch b = e.tokenizer().batch(List.of("今天天气怎么样", "明天会下雨吗", "好"));
            Shape s = new Shape(b.size(), b.seqLength());
            NDList in = new NDList(
                    m.create(PaddedBatch.flatten(b.ids()), s),
                    m.create(PaddedBatch.flatten(b.mask()), s),
                    m.create(PaddedBatch.flatten(b.typeIds()), s));
            ParameterStore ps = new ParameterStore(m, false);
            float[] eval1 = e.block().forward(ps, in, false).singletonOrThrow().toFloatArray();
            float[] eval2 = e.block().forward(ps, in, false).singletonOrThrow().toFloatArray();
            assertThat(eval1).containsExactly(eval2);

            NDArray queryWeight = e.block()
                    .namedParameters()
                    .get("encoder.layer.0.attention.self.query.weight")
                    .getArray();
            NDArray projection =
                    e.block().namedParameters().get("projection.weight").getArray();
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray out = e.block().forward(ps, in, true).singletonOrThrow(); // [3, 8]
                NDArray out2 = e.block().forward(ps, in, true).singletonOrThrow();
                assertThat(out.toFloatArray()).isNotEqualTo(out2.toFloatArray()); // dropout
                NDArray sim = out.matMul(out.transpose()); // [3, 3] in-batch similarities
                gc.backward(sim.sum());
            }
            assertThat(queryWeight.getGradient().abs().sum().getFloat()).isGreaterThan(0f);
            assertThat(projection.getGradient().abs().sum().getFloat()).isGreaterThan(0f);
            // inference afterwards still runs without autograd and gives the eval result
            float[][] again = e.forward(b);
            assertThat(again[0][0]).isEqualTo(eval1[0]);
        }
    }
}
