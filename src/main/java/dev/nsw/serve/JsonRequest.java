package dev.nsw.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A POST body read strictly as one JSON object, and its fields read against the server's {@link
 * SearchServer.Limits}: every bad field is a 400 naming the field and what it must be.
 */
final class JsonRequest {

    /** Request bodies are read strictly: one JSON value, no trailing garbage or second object, no duplicate keys. */
    private static final ObjectMapper STRICT_JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final ObjectNode request;
    private final SearchServer.Limits limits;

    private JsonRequest(ObjectNode request, SearchServer.Limits limits) {
        this.request = request;
        this.limits = limits;
    }

    /** 415 unless declared {@code application/json}; 413 when larger than the limit; 400 when not a JSON object. */
    static JsonRequest read(HttpExchange ex, SearchServer.Limits limits) throws IOException {
        requireJsonBody(ex);
        return new JsonRequest(readJson(ex, limits.maxBodyBytes()), limits);
    }

    /** 415 unless the body is declared {@code application/json} (a type no cross-site form or "simple request" sends). */
    private static void requireJsonBody(HttpExchange ex) {
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        String media = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!media.equals("application/json")) {
            throw new ApiException(
                    415,
                    "Content-Type must be application/json, got " + (type == null ? "none" : "'" + type + "'")
                            + " (curl: -H 'Content-Type: application/json')");
        }
    }

    /**
     * The most of an unwanted request body the server reads and drops so that its client, still sending, receives
     * the error instead of a reset connection: here for a body larger than announced, and (as the JDK server's
     * {@code sun.net.httpserver.drainAmount}, set by {@link SearchServer}) after a 413 answered at once to a
     * declared length over the limit — the answer goes out first, then the rest is drained, then the connection
     * closes. The JDK's own default (64 KiB) reset a client still writing a 10 MB body, which then lost the 413.
     */
    static final long MAX_DRAIN_BYTES = 64L << 20;

    /** Reads at most {@code maxBodyBytes} and parses a JSON object; 413 when larger, 400 when not a JSON object. */
    private static ObjectNode readJson(HttpExchange ex, int maxBodyBytes) throws IOException {
        String declared = ex.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.trim()) > maxBodyBytes) {
                    // answered at once, without reading what may never come (a length of 10^12 with a tiny body);
                    // the connection is closed after the answer
                    ex.getResponseHeaders().set("Connection", "close");
                    throw tooLarge(maxBodyBytes);
                }
            } catch (NumberFormatException e) {
                throw new ApiException(400, "bad Content-Length '" + declared + "'");
            }
        }
        byte[] body = ex.getRequestBody().readNBytes(maxBodyBytes + 1);
        if (body.length > maxBodyBytes) {
            drain(ex.getRequestBody());
            throw tooLarge(maxBodyBytes);
        }
        JsonNode node;
        try {
            node = STRICT_JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "malformed JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new ApiException(400, "the body must be a JSON object");
        }
        return (ObjectNode) node;
    }

    /**
     * Reads and drops up to 64 MiB of an oversized body, so that a client still sending it gets the 413 answer
     * rather than a reset connection; beyond that the connection is simply closed.
     */
    private static void drain(InputStream in) throws IOException {
        byte[] buf = new byte[1 << 16];
        long left = MAX_DRAIN_BYTES;
        for (int n; left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0; ) {
            left -= n;
        }
    }

    private static ApiException tooLarge(int maxBodyBytes) {
        return new ApiException(413, "request body exceeds " + maxBodyBytes + " bytes");
    }

    /** A required string field, not blank and at most {@code maxQueryChars} long. */
    String text(String field) {
        JsonNode v = request.get(field);
        if (v == null || v.isNull()) {
            throw new ApiException(400, "missing field '" + field + "' (a string)");
        }
        if (!v.isTextual()) {
            throw new ApiException(
                    400,
                    "field '" + field + "' must be a string, got "
                            + v.getNodeType().name().toLowerCase());
        }
        return checkText(field, v.asText());
    }

    private String checkText(String what, String s) {
        if (s.isBlank()) {
            throw new ApiException(400, what + " must not be empty");
        }
        if (s.length() > limits.maxQueryChars()) {
            throw new ApiException(
                    400, what + " is " + s.length() + " characters long; the limit is " + limits.maxQueryChars());
        }
        return s;
    }

    /** A required array of 1 to {@code maxBatch} strings, each as {@link #text} requires. */
    List<String> texts(String field) {
        JsonNode v = request.get(field);
        if (v == null || v.isNull()) {
            throw new ApiException(400, "missing field '" + field + "' (an array of strings)");
        }
        if (!v.isArray()) {
            throw new ApiException(
                    400,
                    "field '" + field + "' must be an array of strings, got "
                            + v.getNodeType().name().toLowerCase());
        }
        if (v.isEmpty()) {
            throw new ApiException(400, "field '" + field + "' is empty");
        }
        if (v.size() > limits.maxBatch()) {
            throw new ApiException(
                    400, "field '" + field + "' has " + v.size() + " entries; the limit is " + limits.maxBatch());
        }
        List<String> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            if (!e.isTextual()) {
                throw new ApiException(
                        400,
                        field + "[" + i + "] must be a string, got "
                                + e.getNodeType().name().toLowerCase());
            }
            out.add(checkText(field + "[" + i + "]", e.asText()));
        }
        return out;
    }

    /** An optional string field, {@code fallback} when absent or null. */
    String optionalString(String field, String fallback) {
        JsonNode v = request.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isTextual()) {
            throw new ApiException(
                    400,
                    "field '" + field + "' must be a string, got "
                            + v.getNodeType().name().toLowerCase());
        }
        return v.asText();
    }

    /** An optional integer field from {@code min} to {@code max}, {@code fallback} when absent or null. */
    int integer(String field, int fallback, int min, int max) {
        JsonNode v = request.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new ApiException(
                    400, "field '" + field + "' must be an integer from " + min + " to " + max + ", got " + v);
        }
        int i = v.intValue();
        if (i < min || i > max) {
            throw new ApiException(400, "field '" + field + "' must be from " + min + " to " + max + ", got " + i);
        }
        return i;
    }
}
