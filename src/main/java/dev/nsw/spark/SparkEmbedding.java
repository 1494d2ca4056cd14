package dev.nsw.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nsw.io.BuildDir;
import dev.nsw.io.OwnedFolder;
import dev.nsw.job.CancellationToken;
import dev.nsw.job.CancelledException;
import dev.nsw.job.ProgressListener;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a distributed embedding job ({@link SparkEmbedRequest}) from this process: starts the Spark driver in its own
 * JVM ({@code dev.nsw.spark.job.SparkEmbedMain}, class path = this JVM's plus the Spark jars of
 * {@code target/spark-classpath.txt}), relays its progress, and returns its report or its error in one line. The
 * driver's own log (Spark's, verbose) goes to {@value #DRIVER_LOG} in the output folder.
 *
 * <p>The driver JVM gets what Spark needs on Java 25 and on this machine (shared/SCALE-PROBE.md): Spark's
 * {@code --add-opens} list, {@code SPARK_LOCAL_IP=127.0.0.1}, {@code SPARK_SCALA_VERSION=2.13}, a
 * {@code SPARK_HOME} whose {@code jars/} links to the Maven jars ({@code target/spark-home}: a
 * {@code local-cluster} master launches its executor JVMs from it) and {@code JAVA_HOME} of this JVM (the executors
 * must not get the machine's older default java).
 */
public final class SparkEmbedding {
    public static final String DRIVER_LOG = "spark-driver.log";
    static final String DRIVER_MAIN = "dev.nsw.spark.job.SparkEmbedMain";
    /** First argument of the driver JVM: how tests and {@code ps} tell it from other JVMs. */
    public static final String DRIVER_MARKER = "-Dnsw.spark.driver=true";

    /** Lines the driver prints on stdout for this launcher: progress, the result, or the error. */
    public static final String PROGRESS = "nsw-progress ";

    public static final String RESULT = "nsw-result ";
    public static final String ERROR = "nsw-error ";

    /** Spark's own list (org.apache.spark.launcher.JavaModuleOptions) that spark-submit adds on Java 17+. */
    static final List<String> SPARK_JAVA_OPTIONS = List.of(
            "-XX:+IgnoreUnrecognizedVMOptions",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
            "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
            "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "-Dio.netty.tryReflectionSetAccessible=true",
            "-Dio.netty.allocator.type=pooled");

    private SparkEmbedding() {}

    /**
     * What a job did.
     *
     * @param shardsEmbedded shards embedded by this run; {@code shards - shardsEmbedded} were kept from an earlier one
     * @param executors executors that finished at least one shard (a killed one's replacement counts too)
     * @param embedSeconds the Spark job alone (executors started, shards embedded), without planning and checks
     */
    public record Report(
            long rows,
            int dim,
            int shards,
            int shardsEmbedded,
            long rowsEmbedded,
            int executors,
            double embedSeconds,
            double seconds,
            Path output) {
        /** Texts per second of the Spark job. */
        public double textsPerSecond() {
            return rowsEmbedded / Math.max(1e-9, embedSeconds);
        }
    }

    /** Runs the job and waits for it; cancelling stops the driver and its executors. */
    public static Report run(SparkEmbedRequest request, ProgressListener progress, CancellationToken cancel)
            throws IOException {
        Path output = Path.of(request.output()).toAbsolutePath();
        OwnedFolder.claim(output, OwnedFolder.Kind.SHARDED_EMBEDDINGS);
        Path log = output.resolve(DRIVER_LOG);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add(DRIVER_MARKER);
        cmd.addAll(SPARK_JAVA_OPTIONS);
        cmd.addAll(List.of(
                "--add-modules",
                "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow",
                "-Dai.djl.offline=true",
                "-cp",
                classpath()));
        cmd.add(DRIVER_MAIN);
        cmd.addAll(request.toArgs());
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectOutput(ProcessBuilder.Redirect.PIPE);
        pb.environment().put("SPARK_HOME", sparkHome().toString());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process driver = pb.start();
        AtomicReference<String> error = new AtomicReference<>();
        AtomicReference<JsonNode> result = new AtomicReference<>();
        Thread reader = Thread.ofPlatform()
                .daemon()
                .name("nsw-spark-driver-output")
                .start(() -> {
                    try (BufferedReader r = new BufferedReader(
                            new InputStreamReader(driver.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line; (line = r.readLine()) != null; ) {
                            if (line.startsWith(PROGRESS)) {
                                String[] f = line.substring(PROGRESS.length()).split(" ", 3);
                                progress.progress(Long.parseLong(f[0]), Long.parseLong(f[1]), f.length > 2 ? f[2] : "");
                            } else if (line.startsWith(RESULT)) {
                                result.set(new ObjectMapper().readTree(line.substring(RESULT.length())));
                            } else if (line.startsWith(ERROR)) {
                                error.set(line.substring(ERROR.length()));
                            }
                        }
                    } catch (IOException | RuntimeException e) {
                        error.compareAndSet(null, "reading the Spark driver's output failed: " + e.getMessage());
                    }
                });
        try {
            while (!driver.waitFor(200, TimeUnit.MILLISECONDS)) {
                if (cancel.isCancelled()) {
                    stop(driver);
                    throw new CancelledException();
                }
            }
            reader.join(10_000);
        } catch (InterruptedException e) {
            stop(driver);
            Thread.currentThread().interrupt();
            throw new CancelledException();
        }
        if (driver.exitValue() != 0 || result.get() == null) {
            throw new IllegalStateException(
                    (error.get() != null ? error.get() : "the Spark driver exited with status " + driver.exitValue())
                            + " (driver log: " + log + ")");
        }
        JsonNode j = result.get();
        return new Report(
                j.path("rows").asLong(),
                j.path("dim").asInt(),
                j.path("shards").asInt(),
                j.path("shards_embedded").asInt(),
                j.path("rows_embedded").asLong(),
                j.path("executors").asInt(),
                j.path("embed_seconds").asDouble(),
                j.path("seconds").asDouble(),
                output);
    }

    /** Ends the driver and every process it started (a local cluster's executors). */
    private static void stop(Process driver) {
        driver.descendants().forEach(ProcessHandle::destroyForcibly);
        driver.destroyForcibly();
    }

    /** This JVM's class path and the Spark jars; one line when this is not a source build with Spark. */
    static String classpath() {
        Set<String> entries = new LinkedHashSet<>(
                Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator)));
        entries.addAll(sparkJars());
        entries.remove("");
        return String.join(File.pathSeparator, entries);
    }

    static List<String> sparkJars() {
        Path listed = BuildDir.get().resolve("spark-classpath.txt");
        if (!Files.isRegularFile(listed)) {
            throw new IllegalStateException(
                    "Spark is not installed here (no " + listed + "): `nsw embed --spark` runs"
                            + " from a source build (./nsw builds it); on a cluster, run the job with spark-submit (README, Scale)");
        }
        try {
            return Arrays.stream(Files.readString(listed, StandardCharsets.UTF_8)
                            .strip()
                            .split(File.pathSeparator))
                    .filter(s -> !s.isBlank())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code target/spark-home} with {@code jars/} linking to every Spark jar (made or brought up to date here). */
    static Path sparkHome() throws IOException {
        Path home = BuildDir.get().resolve("spark-home");
        Path jars = home.resolve("jars");
        Files.createDirectories(jars);
        Set<String> wanted = new LinkedHashSet<>();
        for (String jar : sparkJars()) {
            Path target = Path.of(jar);
            Path link = jars.resolve(target.getFileName());
            wanted.add(link.getFileName().toString());
            if (!Files.isSymbolicLink(link) || !Files.readSymbolicLink(link).equals(target)) {
                Files.deleteIfExists(link);
                Files.createSymbolicLink(link, target);
            }
        }
        try (var existing = Files.list(jars)) {
            for (Path p : existing.toList()) {
                if (!wanted.contains(p.getFileName().toString())) {
                    Files.delete(p); // a jar of an older build
                }
            }
        }
        return home;
    }
}
