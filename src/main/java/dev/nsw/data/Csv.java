package dev.nsw.data;

import java.util.List;

/**
 * Comma-separated export files (RFC 4180), as spreadsheets read them: Compare's metrics and per-query tables,
 * {@code nsw map}'s point table. (The recipe's {@code .csv} inputs are tab-separated and read elsewhere.)
 */
public final class Csv {
    private Csv() {}

    /**
     * One field: as it is, unless it holds a comma, a double quote, a line feed or a carriage return — then
     * in double quotes, each double quote doubled ({@code a"b} → {@code "a""b"}).
     */
    public static String field(String s) {
        boolean quote = s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
        return quote ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    /** Fields joined by commas, each through {@link #field}. */
    public static String row(List<String> fields) {
        return String.join(",", fields.stream().map(Csv::field).toList());
    }
}
