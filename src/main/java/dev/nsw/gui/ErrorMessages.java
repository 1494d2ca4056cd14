package dev.nsw.gui;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Turns an exception into what a person reads: one line first, the cause chain and trace as details. */
public final class ErrorMessages {
    private ErrorMessages() {}

    /** The most useful single line: the innermost meaningful message, without wrapper noise. */
    public static String oneLine(Throwable error) {
        Throwable t = unwrap(error);
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            return switch (t) {
                case OutOfMemoryError e ->
                    "out of memory: try a smaller data set or give Java more memory (NSW_JAVA_OPTS=-Xmx8g)";
                case NullPointerException e -> "internal error (null value); see details";
                default ->
                    t.getClass()
                            .getSimpleName()
                            .replaceAll("(Exception|Error)$", "")
                            .replaceAll("([a-z])([A-Z])", "$1 $2")
                            .toLowerCase(java.util.Locale.ROOT);
            };
        }
        String first = message.lines().findFirst().orElse(message).strip();
        return first.length() > 300 ? first.substring(0, 297) + "…" : first;
    }

    /** Cause chain as "type: message" lines, then the stack trace for a bug report. */
    public static String details(Throwable error) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            sb.append(t.getClass().getName())
                    .append(": ")
                    .append(t.getMessage())
                    .append('\n');
        }
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        return sb.append("\nStack trace (for a bug report):\n").append(trace).toString();
    }

    static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof ExecutionException
                        || t instanceof CompletionException
                        || t instanceof java.lang.reflect.InvocationTargetException
                        || (t instanceof UncheckedIOException && t.getMessage() == null))
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
