package dev.nsw.cli;

import dev.nsw.serve.SearchServer;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Who may talk to {@code nsw serve} besides pages and programs addressing it by its loopback name. */
final class ServerAccessOptions {
    /** The environment variable a token is read from when {@code --token} is not given (not visible in {@code ps}). */
    static final String TOKEN_ENV = "NSW_SERVE_TOKEN";

    @Option(
            names = "--allowed_hosts",
            split = ",",
            paramLabel = "NAME[:PORT]",
            description = "More Host names to answer besides 127.0.0.1, localhost and [::1] with the port served,"
                    + " e.g. a name in /etc/hosts or a reverse proxy's (requests for any other Host get 403: the"
                    + " defence against DNS rebinding).")
    List<String> allowedHosts = new ArrayList<>();

    @Option(
            names = "--token",
            paramLabel = "TOKEN",
            description = "Require 'Authorization: Bearer TOKEN' on every request (401 without it), for a port others"
                    + " on this machine can reach. Prefer the environment variable " + TOKEN_ENV
                    + ": a command line is visible to every user in ps.")
    String token;

    SearchServer.Access access() {
        String t = token != null ? token : System.getenv(TOKEN_ENV);
        return new SearchServer.Access(allowedHosts, t == null || t.isBlank() ? null : t);
    }
}
