package dev.nsw.io;

import java.nio.file.Path;

/**
 * Where a source build keeps the class path files of the optional parts ({@code target/engine-classpath.txt},
 * {@code target/spark-classpath.txt}, the unpacked k-NN plugin): the folder above the one nsw's classes were loaded
 * from ({@code target/classes} → {@code target}); the system property {@code nsw.buildDir} overrides it.
 */
public final class BuildDir {
    private BuildDir() {}

    public static Path get() {
        String override = System.getProperty("nsw.buildDir", System.getProperty("nsw.engine.buildDir"));
        if (override != null) {
            return Path.of(override);
        }
        try {
            Path classes = Path.of(BuildDir.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            return classes.getParent();
        } catch (Exception e) {
            return Path.of("target");
        }
    }
}
