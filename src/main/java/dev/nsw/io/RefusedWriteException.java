package dev.nsw.io;

/**
 * nsw refused to write because the write could destroy something: a folder it did not create, an output
 * that is also an input, a folder another process is writing, a finished run. The message is one line that
 * names the path and says what to do instead.
 */
public class RefusedWriteException extends RuntimeException {
    public RefusedWriteException(String message) {
        super(message);
    }
}
