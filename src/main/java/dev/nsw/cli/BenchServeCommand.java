package dev.nsw.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nsw.bench.HttpLoad;
import dev.nsw.data.Document;
import dev.nsw.data.ReadOptions;
import dev.nsw.data.RecipeFiles;
import dev.nsw.data.TextLine;
import dev.nsw.serve.SearchBackend;
import dev.nsw.serve.SearchServer;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code nsw bench serve}: a bounded load test of {@code nsw serve} on loopback — C concurrent clients (1, 8,
 * 32) send /search requests; throughput, p50/p99 latency, errors, and the server's heap after GC and RSS
 * after each level (flat memory = no leak). Then a round of bad requests, each of which must get its 4xx
 * JSON error, and a health check. The server runs in this process unless {@code --url} names one.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description =
                "Load-test nsw serve on loopback: 1/8/32 concurrent clients, throughput, p50/p99 latency, errors, "
                        + "memory after each level; then bad requests must get 4xx and leave it serving.")
public final class BenchServeCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ServeOptions serve;

    @Option(
            names = "--url",
            paramLabel = "URL",
            description = "Test a running server instead (e.g. http://127.0.0.1:8765); memory is then not reported.")
    URI url;

    @Option(names = "--clients", split = ",", defaultValue = "1,8,32", description = "Concurrent clients per level.")
    List<Integer> clients;

    @Option(names = "--requests", defaultValue = "4000", description = "Requests per level.")
    int requests;

    @Option(names = "--max_seconds", defaultValue = "90", description = "Time limit per level.")
    double maxSeconds;

    /** The search modes of {@code POST /search}; the lower-case name is what the request says. */
    enum Mode {
        DENSE,
        BM25,
        HYBRID;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Option(
            names = "--mode",
            defaultValue = "dense",
            paramLabel = "dense|bm25|hybrid",
            completionCandidates = EnumChoices.ServeMode.class,
            description = "Search mode of the requests.")
    Mode mode;

    /** The k of each search request. */
    @Mixin
    CutoffOptions cutoff = new CutoffOptions(10);

    @Option(
            names = "--queries",
            paramLabel = "FILE",
            description = "Queries, one a line (default: up to 1,000 texts of the corpus).")
    Path queriesFile;

    @Override
    public Integer call() throws Exception {
        if (requests < 1 || maxSeconds <= 0 || clients.stream().anyMatch(c -> c < 1 || c > 256)) {
            throw new ParameterException(
                    spec.commandLine(), "--requests must be >= 1, --max_seconds > 0, --clients from 1 to 256");
        }
        int k = cutoff.k();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SearchBackend backend = null;
        SearchServer server = null;
        List<String> queries;
        URI base = url;
        try {
            if (url == null) {
                backend = serve.openBackend();
                server = SearchServer.start(backend, 0, serve.limits());
                base = URI.create("http://127.0.0.1:" + server.port() + "/");
                err.printf(
                        "%nserver on %s (%,d documents, modes %s)%n",
                        base, backend.corpus().size(), backend.modes());
                queries = queriesFile != null ? readQueries() : sampleCorpus(backend);
            } else if (queriesFile != null) {
                queries = readQueries();
            } else {
                throw new ParameterException(spec.commandLine(), "with --url, give --queries FILE");
            }
            List<String> bodies = new ArrayList<>(queries.size());
            for (String q : queries) {
                bodies.add(
                        String.format(Locale.ROOT, "{\"query\": %s, \"k\": %d, \"mode\": \"%s\"}", json(q), k, mode));
            }
            HttpClient http = HttpLoad.client();
            HttpLoad.Result warm = HttpLoad.run(http, base, "/search", bodies, 2, Math.min(200, requests), 30);
            if (warm.errors() > 0) {
                throw new IllegalStateException(warm.errors() + " of " + warm.requests()
                        + " warm-up requests failed; check --mode and the server");
            }
            out.printf(
                    Locale.ROOT,
                    "POST /search, mode %s, k %d, %,d distinct queries, up to %,d requests or %.0f s per level%n",
                    mode,
                    k,
                    queries.size(),
                    requests,
                    maxSeconds);
            out.printf(
                    Locale.ROOT,
                    "%8s %9s %7s %9s %9s %9s %9s %12s %9s%n",
                    "clients",
                    "requests",
                    "errors",
                    "req/s",
                    "p50 ms",
                    "p99 ms",
                    "max ms",
                    "heap MiB",
                    "RSS MiB");
            boolean measureMemory = server != null;
            if (measureMemory) {
                out.printf(
                        Locale.ROOT,
                        "%8s %9s %7s %9s %9s %9s %9s %12.1f %9.0f%n",
                        "start",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        HttpLoad.heapAfterGcMiB(),
                        HttpLoad.residentMiB());
            }
            long total = warm.requests();
            int totalErrors = 0;
            for (int c : clients) {
                HttpLoad.Result r = HttpLoad.run(http, base, "/search", bodies, c, requests, maxSeconds);
                total += r.requests();
                totalErrors += r.errors();
                out.printf(
                        Locale.ROOT,
                        "%8d %9d %7d %9.1f %9.1f %9.1f %9.1f %12s %9s%n",
                        r.clients(),
                        r.requests(),
                        r.errors(),
                        r.perSecond(),
                        r.p50Millis(),
                        r.p99Millis(),
                        r.maxMillis(),
                        measureMemory ? String.format(Locale.ROOT, "%.1f", HttpLoad.heapAfterGcMiB()) : "n/a",
                        measureMemory ? String.format(Locale.ROOT, "%.0f", HttpLoad.residentMiB()) : "n/a");
                out.flush();
            }
            List<String> failures = HttpLoad.probe(http, base, badRequests());
            out.printf(
                    Locale.ROOT,
                    "%,d requests in all, %d errors; %d bad requests: %s%n",
                    total,
                    totalErrors,
                    badRequests().size() - 1,
                    failures.isEmpty()
                            ? "each got its 4xx JSON error, and the server still answers /health"
                            : "FAILED " + failures);
            out.flush();
            return failures.isEmpty() && totalErrors == 0 ? 0 : 1;
        } finally {
            if (server != null) {
                server.stop(2);
            }
            if (backend != null) {
                backend.close();
            }
        }
    }

    /** Malformed JSON, a huge k, a 10 MB query, wrong types, an unknown mode and path — then /health must be 200. */
    static List<HttpLoad.Probe> badRequests() {
        String tenMegabytes = "{\"query\": \"" + "x".repeat(10 << 20) + "\"}";
        return List.of(
                new HttpLoad.Probe("malformed JSON", "/search", "{\"query\": ", 400),
                new HttpLoad.Probe("huge k", "/search", "{\"query\": \"x\", \"k\": 1000000000}", 400),
                new HttpLoad.Probe("10 MB query", "/search", tenMegabytes, 413),
                new HttpLoad.Probe("query of the wrong type", "/search", "{\"query\": [\"x\"]}", 400),
                new HttpLoad.Probe("k of the wrong type", "/search", "{\"query\": \"x\", \"k\": \"10\"}", 400),
                new HttpLoad.Probe("unknown mode", "/search", "{\"query\": \"x\", \"mode\": \"nope\"}", 400),
                new HttpLoad.Probe("texts not a list", "/embed", "{\"texts\": 5}", 400),
                new HttpLoad.Probe("unknown path", "/nope", "{}", 404),
                new HttpLoad.Probe("still serving", "/health", null, 200));
    }

    private List<String> readQueries() {
        return RecipeFiles.readTexts(queriesFile, ReadOptions.STRICT).records().stream()
                .map(TextLine::text)
                .toList();
    }

    private static List<String> sampleCorpus(SearchBackend backend) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (Document d : backend.corpus().documents()) {
            if (out.size() == 1000) {
                break;
            }
            if (!d.text().isBlank() && d.text().length() <= 200) {
                out.add(d.text());
            }
        }
        return new ArrayList<>(out);
    }

    private static String json(String s) {
        try {
            return new ObjectMapper().writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
