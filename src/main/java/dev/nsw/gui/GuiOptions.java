package dev.nsw.gui;

import java.nio.file.Path;
import java.util.List;

/**
 * Options of {@code nsw gui}.
 *
 * @param workspace folder to open instead of the remembered/sample one, or null
 * @param smokeTest open the sample, build BM25, run one search, exit 0 (or 1 on any failure)
 * @param screenshotDir when set, open the sample, fill every panel, write one PNG per panel here and exit
 */
public record GuiOptions(Path workspace, boolean smokeTest, Path screenshotDir) {
    public static final String USAGE = """
            Usage: nsw [gui] [--workspace DIR] [--smoke_test] [--screenshot_dir DIR]
              Opens the Neural Search Workbench desktop app.
                --workspace DIR        open this workspace (recipe files or a BEIR folder) instead of the last one
                --smoke_test           open the sample workspace, build BM25, run one search, exit 0 on success, 1 on failure
                --screenshot_dir DIR   open the workspace, fill every panel, write one PNG per panel to DIR and exit
                -h, --help             show this help
            """;

    /** Parses the arguments after {@code gui}; throws IllegalArgumentException with a one-line message. */
    public static GuiOptions parse(List<String> args) {
        Path workspace = null;
        boolean smoke = false;
        Path shots = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                // snake_case as every nsw option; the old kebab spellings still work
                case "--smoke_test", "--smoke-test" -> smoke = true;
                case "--workspace", "--screenshot_dir", "--screenshot-dir" -> {
                    if (i + 1 >= args.size()) {
                        throw new IllegalArgumentException(a + " needs a folder");
                    }
                    Path p = Path.of(args.get(++i));
                    if (a.equals("--workspace")) {
                        workspace = p;
                    } else {
                        shots = p;
                    }
                }
                default ->
                    throw new IllegalArgumentException("unknown option '" + a + "' for nsw gui (see nsw gui --help)");
            }
        }
        return new GuiOptions(workspace, smoke, shots);
    }

    /** Smoke tests and screenshots run with fresh, unsaved settings. */
    public boolean automated() {
        return smokeTest || screenshotDir != null;
    }
}
