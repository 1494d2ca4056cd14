package dev.nsw.serve;

import com.sun.net.httpserver.HttpExchange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which requests the server answers ({@link SearchServer.Access}): a {@code Host} naming this server (the defence
 * against DNS rebinding), no {@code Origin} of another site, and — with a token — {@code Authorization: Bearer}.
 */
final class AccessPolicy {
    private final int port;
    private final Set<String> hosts;
    private final byte[] tokenHash;

    AccessPolicy(SearchServer.Access access, int port) {
        this.port = port;
        this.hosts = allowedHosts(access.allowedHosts(), port);
        this.tokenHash = access.token() == null ? null : sha256(access.token());
    }

    /** Host values this server answers (lower case): the loopback names and the allowed ones, with the port. */
    private static Set<String> allowedHosts(List<String> extra, int port) {
        Set<String> names = new LinkedHashSet<>();
        for (String name : List.of("127.0.0.1", "localhost", "[::1]")) {
            names.add(name + ":" + port);
            if (port == 80) {
                names.add(name); // the default port is left out of Host
            }
        }
        for (String e : extra) {
            String name = e.strip().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            boolean hasPort = name.startsWith("[") ? name.contains("]:") : name.contains(":");
            names.add(name);
            if (!hasPort) {
                names.add(name + ":" + port);
            }
        }
        return Collections.unmodifiableSet(names);
    }

    /**
     * Refuses what a web page could send on the user's behalf: a Host that is not this server (DNS rebinding), an
     * Origin of another site, and — with a token — a request without it.
     */
    void check(HttpExchange ex) {
        String host = ex.getRequestHeaders().getFirst("Host");
        if (host == null || !hosts.contains(host.strip().toLowerCase(Locale.ROOT))) {
            throw new ApiException(
                    403,
                    (host == null ? "request without a Host header" : "request for host '" + host + "'")
                            + " refused: nsw serve answers requests addressed to 127.0.0.1:" + port
                            + ", localhost:" + port + " or [::1]:" + port
                            + " only (allow another name with --allowed_hosts)");
        }
        String origin = ex.getRequestHeaders().getFirst("Origin");
        if (origin != null && !hosts.contains(authorityOf(origin))) {
            throw new ApiException(
                    403,
                    "cross-origin request from '" + origin + "' refused: nsw serve answers pages of its own address"
                            + " only");
        }
        if (tokenHash != null) {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            String given = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)
                    ? auth.substring(7).strip()
                    : "";
            // hashes of equal length, compared in constant time: the answer's timing says nothing of the token
            if (!MessageDigest.isEqual(sha256(given), tokenHash)) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Bearer");
                throw new ApiException(
                        401,
                        (auth == null ? "missing" : "wrong") + " bearer token: send 'Authorization: Bearer <token>'"
                                + " with the token nsw serve was started with");
            }
        }
    }

    /** {@code http://host:port} (or https) → {@code host:port}, lower case; the whole value when it is not a URL. */
    private static String authorityOf(String origin) {
        String o = origin.strip().toLowerCase(Locale.ROOT);
        int scheme = o.indexOf("://");
        String rest = scheme < 0 ? o : o.substring(scheme + 3);
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
