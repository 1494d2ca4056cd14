package dev.nsw.io;

import com.fasterxml.jackson.core.JacksonException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JSON parse error in words a user can act on: Jackson's own message without the {@code [Source: REDACTED
 * (...)]} location text it embeds (a nested location becomes "line L, column C"), then where the parser stopped.
 * One home for every file nsw reads as JSON (config, tokenizer, safetensors header, run records).
 */
public final class JsonErrors {
    private static final Pattern SOURCE = Pattern.compile("\\[Source: [^\\]]*?(?:; line: (\\d+), column: (\\d+))?\\]");

    private JsonErrors() {}

    /** E.g. {@code Unexpected end-of-input: expected close marker for Object (start marker at line 1, column 11) (line 2, column 1)}. */
    public static String describe(JacksonException e) {
        Matcher m = SOURCE.matcher(String.valueOf(e.getOriginalMessage()));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(
                    out,
                    m.group(1) == null
                            ? ""
                            : Matcher.quoteReplacement("line " + m.group(1) + ", column " + m.group(2)));
        }
        m.appendTail(out);
        String message = out.toString().strip();
        return e.getLocation() == null
                ? message
                : message + " (line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr() + ")";
    }
}
