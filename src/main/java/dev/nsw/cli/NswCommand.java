package dev.nsw.cli;

import java.io.IOException;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Root of the {@code nsw} command line; each sub-command is a thin front end over a core service. */
@Command(
        name = "nsw",
        mixinStandardHelpOptions = true,
        versionProvider = NswCommand.Version.class,
        description = "Neural Search Workbench: build, inspect and compare semantic retrieval, offline.",
        subcommands = {
            CommandLine.HelpCommand.class,
            DataCommand.class,
            Bm25Command.class,
            EmbedCommand.class,
            IndexCommand.class,
            RecallCommand.class,
            ExportCommand.class,
            ServeCommand.class,
            PredictCommand.class,
            EvaluateCommand.class,
            MapCommand.class,
            TrainCommand.class,
            RankCommand.class,
            SearchCommand.class,
            BenchCommand.class,
            DemoCommand.class,
            EngineCommand.class,
            PushCommand.class
        })
public final class NswCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Builds the picocli command line with the project's error handling (exit 2 on bad usage, 1 on failure). */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new NswCommand());
        cli.setExecutionExceptionHandler(new OneLineErrors());
        cli.setExecutionStrategy(new OutputsAreNotInputs());
        cli.setCaseInsensitiveEnumValuesAllowed(true); // enum options read as users type them: --recall macro
        showDefaultValues(cli);
        return cli;
    }

    /**
     * Every option's help ends with its default ("Default: 50"), taken from the option itself: defaults are never
     * typed into descriptions, where they drift. Options without a default (null) show none.
     */
    private static void showDefaultValues(CommandLine cli) {
        cli.getCommandSpec().usageMessage().showDefaultValues(true);
        cli.getSubcommands().values().forEach(NswCommand::showDefaultValues);
    }

    public static int run(String... args) {
        return commandLine().execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Properties p = new Properties();
            try (var in = NswCommand.class.getResourceAsStream("/dev/nsw/nsw.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException ignored) {
                // fall through to "dev"
            }
            return new String[] {
                "nsw " + p.getProperty("version", "dev") + " (Java " + System.getProperty("java.version") + ")"
            };
        }
    }
}
