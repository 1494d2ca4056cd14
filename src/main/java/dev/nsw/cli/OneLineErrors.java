package dev.nsw.cli;

import picocli.CommandLine;

/**
 * Turns an exception escaping a command into one line on stderr and exit code 1. Set {@code NSW_DEBUG=1}
 * to see the stack trace as well.
 */
final class OneLineErrors implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        cmd.getErr().println("nsw: error: " + message);
        if (System.getenv("NSW_DEBUG") != null) {
            e.printStackTrace(cmd.getErr());
        }
        return 1;
    }
}
