package dev.nsw.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A closed-loop HTTP load generator for {@code nsw bench serve}: C clients each send a request, wait for the
 * answer, and send the next, until N requests are done or the time is up. Latency is measured per request
 * (send to last byte); throughput is completed requests over wall time.
 */
public final class HttpLoad {
    private HttpLoad() {}

    /**
     * One load level.
     *
     * @param p50Millis median latency; {@code p99Millis} the 99th percentile (nearest rank)
     * @param errors answers that were not 200, plus failed connections
     */
    public record Result(
            int clients,
            int requests,
            int errors,
            double seconds,
            double perSecond,
            double p50Millis,
            double p99Millis,
            double maxMillis) {}

    /** A request and the status it must get. */
    public record Probe(String what, String path, String body, int expectedStatus) {}

    /** A shared HTTP/1.1 client (keep-alive connections are reused across requests). */
    public static HttpClient client() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /**
     * Sends up to {@code requests} POSTs of {@code bodies} (round robin) to {@code base + path} from
     * {@code clients} threads, stopping early at {@code maxSeconds}.
     */
    public static Result run(
            HttpClient http, URI base, String path, List<String> bodies, int clients, int requests, double maxSeconds)
            throws InterruptedException {
        long[] latencies = new long[requests];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        long deadline = System.nanoTime() + (long) (maxSeconds * 1e9);
        URI uri = base.resolve(path);
        long t0 = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Thread t = Thread.ofPlatform().name("load-" + c).start(() -> {
                for (int i; (i = next.getAndIncrement()) < requests && System.nanoTime() < deadline; ) {
                    HttpRequest req = HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofSeconds(60))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(bodies.get(i % bodies.size())))
                            .build();
                    long s = System.nanoTime();
                    try {
                        HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
                        if (r.statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                    } catch (IOException e) {
                        errors.incrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    latencies[done.getAndIncrement()] = System.nanoTime() - s;
                }
            });
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        int n = done.get();
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        return new Result(
                clients,
                n,
                errors.get(),
                seconds,
                n / seconds,
                percentile(sorted, 0.50),
                percentile(sorted, 0.99),
                n == 0 ? 0 : sorted[n - 1] / 1e6);
    }

    /** Nearest-rank percentile of sorted nanosecond latencies, in milliseconds. */
    static double percentile(long[] sortedNanos, double p) {
        if (sortedNanos.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p * sortedNanos.length);
        return sortedNanos[Math.max(0, rank - 1)] / 1e6;
    }

    /** Sends each probe once; returns the probes whose answer had another status or no JSON {@code error}. */
    public static List<String> probe(HttpClient http, URI base, List<Probe> probes) throws InterruptedException {
        List<String> failures = new ArrayList<>();
        for (Probe p : probes) {
            HttpRequest.Builder b =
                    HttpRequest.newBuilder(base.resolve(p.path())).timeout(Duration.ofSeconds(60));
            HttpRequest req = p.body() == null
                    ? b.GET().build()
                    : b.header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(p.body()))
                            .build();
            try {
                HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                boolean jsonError = p.expectedStatus() == 200 || r.body().contains("\"error\"");
                if (r.statusCode() != p.expectedStatus() || !jsonError) {
                    failures.add(p.what() + ": got " + r.statusCode() + " " + abbreviate(r.body()));
                }
            } catch (IOException e) {
                failures.add(p.what() + ": " + e);
            }
        }
        return failures;
    }

    private static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "…" : s;
    }

    /** Heap in use after a full collection, in MiB (this JVM). */
    public static double heapAfterGcMiB() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return heap.getUsed() / 1048576.0;
    }

    /** This process's resident set size in MiB, from {@code /proc/self/status} (NaN where there is none). */
    public static double residentMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return Double.NaN;
    }
}
