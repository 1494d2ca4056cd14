package dev.nsw.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One run of the whole {@code nsw} command line in process: its exit code and what it printed. */
public record CliRun(int exit, String out, String err) {

    /** Runs {@code nsw args...} through {@link NswCommand#commandLine()} (the real error handling). */
    public static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = NswCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new CliRun(exit, out.toString(), err.toString());
    }
}
