package dev.nsw.cli;

import dev.nsw.serve.SearchBackend;
import dev.nsw.serve.SearchServer;
import java.io.IOException;
import picocli.CommandLine.Mixin;

/**
 * What {@code nsw serve} and {@code nsw bench serve} start a server over: the source (a corpus or workspace and
 * its saved indexes), the dense model, the reranker and the server's limits — one mixin, so the two commands
 * take the same options and open the same backend.
 */
public final class ServeOptions {
    @Mixin
    ModelOptions model;

    @Mixin
    PrecisionOption precision;

    @Mixin
    RerankerOptions reranker;

    @Mixin
    ServeSourceOptions source;

    @Mixin
    ServerLimitOptions limits;

    /** Checks the options (usage errors exit 2), then loads the corpus, models and indexes. */
    SearchBackend openBackend() throws IOException {
        return source.open(model, precision, reranker);
    }

    SearchServer.Limits limits() {
        return limits.limits();
    }
}
