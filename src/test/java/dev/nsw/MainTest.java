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

    @Test
    void withoutGtkTheLauncherSaysWhatToInstall(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path empty = java.nio.file.Files.createDirectories(dir.resolve("empty"));
        java.nio.file.Path gtk = java.nio.file.Files.createDirectories(dir.resolve("gtk"));
        java.nio.file.Files.createFile(gtk.resolve("libgtk-3.so.0"));
        assertThat(Main.gtkFound(java.util.List.of(empty))).isFalse();
        assertThat(Main.gtkFound(java.util.List.of(empty, gtk))).isTrue();
        assertThat(Main.libraryDirs(empty + ":" + gtk))
                .startsWith(empty, gtk)
                .contains(java.nio.file.Path.of("/usr/lib"));
        assertThat(Main.NO_GTK).contains("libgtk-3-0").contains("./nsw demo");
    }
}
