package dev.nsw.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code nsw data}: commands that look at data files. */
@Command(
        name = "data",
        mixinStandardHelpOptions = true,
        description = "Validate data files and show their statistics; generate synthetic corpora.",
        subcommands = {DataCheckCommand.class, DataSynthCommand.class})
public final class DataCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
