package dev.nsw.serve;

/** An error the server answers as {@code {"error": message, "status": status}}. */
final class ApiException extends RuntimeException {
    final int status;

    ApiException(int status, String message) {
        super(message);
        this.status = status;
    }
}
