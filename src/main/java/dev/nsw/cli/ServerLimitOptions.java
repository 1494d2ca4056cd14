package dev.nsw.cli;

import dev.nsw.serve.SearchServer;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The request limits of {@code nsw serve}. */
public final class ServerLimitOptions {
    @Spec(Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--max_body_bytes", defaultValue = "1048576", description = "Largest request body.")
    int maxBodyBytes;

    @Option(names = "--max_k", defaultValue = "100", description = "Largest k of /search.")
    int maxK;

    @Option(names = "--max_batch", defaultValue = "64", description = "Most texts per /embed or documents per /rerank.")
    int maxBatch;

    @Option(names = "--workers", defaultValue = "0", description = "Model calls at once; 0 = one per core.")
    int workers;

    SearchServer.Limits limits() {
        SearchServer.Limits d = SearchServer.Limits.defaults();
        return CliSupport.usage(
                spec,
                "",
                () -> new SearchServer.Limits(
                        maxBodyBytes,
                        maxK,
                        maxBatch,
                        d.maxRerank(),
                        d.maxQueryChars(),
                        workers > 0 ? workers : d.workers(),
                        d.queueTimeoutMillis()));
    }
}
