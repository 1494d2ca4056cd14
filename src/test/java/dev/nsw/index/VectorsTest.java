package dev.nsw.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.nsw.bench.SyntheticEmbeddings;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VectorsTest {

    @Test
    void vectorApiIsActiveInTests() {
        assertThat(Vectors.SIMD_AVAILABLE)
                .as("surefire passes --add-modules jdk.incubator.vector")
                .isTrue();
    }

    @Test
    void vectorApiAndScalarDotAgreeForAllLengths() {
        SplittableRandom r = new SplittableRandom(3);
        for (int len = 1; len <= 130; len++) {
            float[] a = new float[len + 5];
            float[] b = new float[len + 5];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) r.nextGaussian();
                b[i] = (float) r.nextGaussian();
            }
            double exact = 0;
            for (int i = 0; i < len; i++) {
                exact += (double) a[i + 2] * b[i + 3];
            }
            float simd = SimdDot.dot(a, 2, b, 3, len);
            float scalar = Vectors.dotScalar(a, 2, b, 3, len);
            assertThat((double) simd).as("simd, length %d", len).isCloseTo(exact, offset(1e-4 * Math.sqrt(len)));
            assertThat((double) scalar).as("scalar, length %d", len).isCloseTo(exact, offset(1e-4 * Math.sqrt(len)));
        }
    }

    @Test
    void distanceFunctionsAgreeAndAreOneMinusDot() {
        float[][] v = new SyntheticEmbeddings(256, 3, 5).corpus(50);
        for (int i = 1; i < v.length; i++) {
            float s = InnerProductDistance.SCALAR.distance(v[0], v[i]);
            float f = InnerProductDistance.VECTOR_API.distance(v[0], v[i]);
            assertThat(f).isCloseTo(s, offset(1e-5f));
            assertThat(f).isCloseTo(1f - Vectors.dotScalar(v[0], v[i]), offset(1e-5f));
        }
    }

    @Test
    void normalisation() {
        float[] unit = {0.6f, 0.8f};
        assertThat(Vectors.normalized(unit)).isSameAs(unit);
        assertThat(Vectors.normalized(new float[] {3, 4})).containsExactly(0.6f, 0.8f);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Vectors.normalized(new float[2]))
                .hasMessageContaining("cannot normalise");
    }
}
