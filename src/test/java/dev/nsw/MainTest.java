package dev.nsw;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void aDisplayIsX11WaylandOrTheHeadlessPlatform() {
        assertThat(Main.hasDisplay(null, null, null)).isFalse();
        assertThat(Main.hasDisplay("", " ", "gtk")).isFalse();
        assertThat(Main.hasDisplay(":0", null, null)).isTrue();
        assertThat(Main.hasDisplay(null, "wayland-0", null)).isTrue();
        assertThat(Main.hasDisplay(null, null, "Headless")).isTrue();
    }
}
