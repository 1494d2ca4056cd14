package dev.nsw.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LinearWarmupDecayTest {
    @Test
    void rampsUpThenDecaysToZero() {
        LinearWarmupDecay s = new LinearWarmupDecay(1e-4, 10, 110);
        assertThat(s.at(0)).isZero();
        assertThat(s.at(5)).isCloseTo(5e-5, within(1e-12));
        assertThat(s.at(10)).isCloseTo(1e-4, within(1e-12));
        assertThat(s.at(60)).isCloseTo(5e-5, within(1e-12));
        assertThat(s.at(110)).isZero();
        assertThat(s.at(500)).isZero();
    }

    @Test
    void withoutWarmupStartsAtPeak() {
        LinearWarmupDecay s = LinearWarmupDecay.withProportion(5e-5, 0.0, 204);
        assertThat(s.at(0)).isEqualTo(5e-5);
        assertThat(s.at(102)).isCloseTo(2.5e-5, within(1e-12));
    }

    @Test
    void rejectsBadSettings() {
        assertThatThrownBy(() -> new LinearWarmupDecay(0, 0, 10)).hasMessageContaining("learning rate");
        assertThatThrownBy(() -> new LinearWarmupDecay(1e-5, 11, 10)).hasMessageContaining("warm-up");
    }
}
