package dev.nsw.cli;

import dev.nsw.io.OutputGuard;
import dev.nsw.io.RefusedWriteException;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Runs the chosen command only after {@link OutputGuard} has checked its paths: options marked
 * {@link Writes} are outputs, every other {@code Path} option or parameter an input. One check for every
 * command, present and future, instead of one per command. An {@link OutOfMemoryError} also ends in one line.
 */
final class OutputsAreNotInputs implements CommandLine.IExecutionStrategy {
    private final CommandLine.IExecutionStrategy next = new CommandLine.RunLast();

    @Override
    public int execute(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult leaf = parsed;
        while (leaf.hasSubcommand()) {
            leaf = leaf.subcommand();
        }
        if (!leaf.isUsageHelpRequested() && !leaf.isVersionHelpRequested()) {
            try {
                check(leaf.commandSpec());
            } catch (RefusedWriteException e) {
                leaf.commandSpec().commandLine().getErr().println("nsw: error: " + e.getMessage());
                return 1;
            }
        }
        try {
            return next.execute(parsed);
        } catch (OutOfMemoryError e) {
            // one line, like every other failure, instead of a stack trace (the heap is usable again once the job's
            // allocations are unreachable)
            leaf.commandSpec()
                    .commandLine()
                    .getErr()
                    .println("nsw: error: out of memory (Java heap limit "
                            + (Runtime.getRuntime().maxMemory() >> 20) + " MB) in "
                            + leaf.commandSpec().qualifiedName()
                            + "; give it more with NSW_JAVA_OPTS=-Xmx<size>, or use smaller inputs or batches");
            return 1;
        }
    }

    static void check(CommandLine.Model.CommandSpec spec) {
        List<OutputGuard.Role> inputs = new ArrayList<>();
        List<OutputGuard.Role> outputs = new ArrayList<>();
        List<ArgSpec> args = new ArrayList<>(spec.options());
        args.addAll(spec.positionalParameters());
        for (ArgSpec arg : args) {
            if (!(arg.userObject() instanceof Field)) {
                continue; // a setter (a hidden alias, a recipe flag) hands its value to a field, checked there
            }
            String name = arg instanceof OptionSpec o ? o.longestName() : arg.paramLabel();
            Writes writes = arg.userObject() instanceof Field f ? f.getAnnotation(Writes.class) : null;
            for (Path p : paths(arg.getValue())) {
                if (writes == null) {
                    inputs.add(OutputGuard.Role.input(name, p));
                } else if (writes.folder()) {
                    outputs.add(OutputGuard.Role.outputFolder(name, p));
                } else {
                    outputs.add(OutputGuard.Role.output(name, p));
                }
            }
        }
        OutputGuard.requireDistinct(inputs, outputs);
    }

    private static List<Path> paths(Object value) {
        if (value instanceof Path p) {
            return List.of(p);
        }
        List<Path> out = new ArrayList<>();
        if (value instanceof Collection<?> c) {
            for (Object o : c) {
                if (o instanceof Path p) {
                    out.add(p);
                }
            }
        } else if (value instanceof Path[] array) {
            out.addAll(List.of(array));
        }
        return out;
    }
}
