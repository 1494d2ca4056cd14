package dev.nsw.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nsw.train.Strategy;
import dev.nsw.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One training run's folder in a workspace ({@code runs/<strategy>-<yyyyMMdd-HHmmss>/}) and what it holds:
 * {@code best/} (best dev Recall@5), {@code final/}, {@code checkpoint/} (resumable) and {@code run.json} (the
 * settings it was started with). The workbench reads runs only through this class.
 */
public record RunLayout(Path dir) {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The folder of a new run of {@code strategy} started at {@code now}, under the workspace's {@code runs/}. */
    public static RunLayout newRun(Path runs, Strategy strategy, LocalDateTime now) {
        return new RunLayout(runs.resolve(strategy.cliName() + "-" + now.format(STAMP)));
    }

    /** The newest run under {@code runs} that can be resumed (it has a checkpoint), if any. */
    public static Optional<RunLayout> latestResumable(Path runs) {
        if (!Files.isDirectory(runs)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.list(runs)) {
            return s.filter(p -> new RunLayout(p).resumable())
                    .max(Comparator.comparing(p -> p.getFileName().toString()))
                    .map(RunLayout::new);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The model of the best dev Recall@5, and the one after the last step. */
    private static final String BEST = "best";

    private static final String FINAL = "final";

    /** The model folders a run leaves for querying, in the order the workbench offers them. */
    private static final List<String> MODEL_FOLDERS = List.of(BEST, FINAL);

    /** A run folder's name as {@link #newRun} makes it: strategy, date and time. */
    private static final Pattern NAME =
            Pattern.compile(".*?([a-z-]+)-(\\d{4})(\\d{2})(\\d{2})-(\\d{2})(\\d{2})(\\d{2})");

    /**
     * The trained models under {@code runs}: each run's {@code best/} then {@code final/} (when it is a model
     * folder, {@link dev.nsw.encoder.ModelFolder#isModel}), newest run first (by folder name); empty when there
     * is no {@code runs} folder.
     */
    public static List<Path> trainedModels(Path runs) throws IOException {
        if (!Files.isDirectory(runs)) {
            return List.of();
        }
        List<Path> models = new ArrayList<>();
        try (Stream<Path> s = Files.list(runs)) {
            for (Path run : s.filter(Files::isDirectory)
                    .sorted(Comparator.reverseOrder())
                    .toList()) {
                for (String sub : MODEL_FOLDERS) {
                    Path m = run.resolve(sub);
                    if (dev.nsw.encoder.ModelFolder.isModel(m)) {
                        models.add(m);
                    }
                }
            }
        }
        return models;
    }

    /**
     * A short, readable name of a run's model folder ({@code .../inbatch-20261127-161500/best}): strategy, date,
     * time and which checkpoint — {@code inbatch 11-27 16:15:00 best}; empty for a folder that is not a run's
     * {@code best/} or {@code final/} or whose run is not named as {@link #newRun} names it.
     */
    public static Optional<String> readableName(Path modelFolder) {
        Path run = modelFolder.getParent();
        String which = modelFolder.getFileName() == null
                ? ""
                : modelFolder.getFileName().toString();
        if (run == null || run.getFileName() == null || !MODEL_FOLDERS.contains(which)) {
            return Optional.empty();
        }
        Matcher r = NAME.matcher(run.getFileName().toString());
        if (!r.matches()) {
            return Optional.empty();
        }
        return Optional.of(String.format(
                Locale.ROOT,
                "%s %s-%s %s:%s:%s %s",
                r.group(1),
                r.group(3),
                r.group(4),
                r.group(5),
                r.group(6),
                r.group(7),
                which));
    }

    /**
     * Whether Resume can continue this run: it wrote a checkpoint and did not finish (a finished run has its
     * {@code final/} model and nothing left to continue).
     */
    public boolean resumable() {
        return Trainer.hasCheckpoint(dir) && !dev.nsw.encoder.ModelFolder.isModel(dir.resolve(FINAL));
    }

    /** The model to query: {@code best/}, else {@code final/}, else the checkpoint's; empty before the first save. */
    public Optional<Path> latestModel() {
        for (Path p : List.of(dir.resolve(BEST), dir.resolve(FINAL), Trainer.checkpointModel(dir))) {
            if (dev.nsw.encoder.ModelFolder.isModel(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * The run's strategy: {@code run.json}'s stage, else the folder name's prefix (also when run.json
     * is unreadable).
     */
    public Optional<Strategy> strategy() {
        try {
            return settings().strategy();
        } catch (IOException e) {
            return strategy("");
        }
    }

    private Optional<Strategy> strategy(String stage) {
        String name = dir.getFileName().toString();
        for (Strategy s : Strategy.values()) {
            if (s.cliName().equals(stage)) {
                return Optional.of(s);
            }
        }
        for (Strategy s : Strategy.values()) {
            if (name.startsWith(s.cliName() + "-")) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /**
     * The settings the run was started with, from {@code run.json}: its strategy ({@link #strategy()}),
     * {@code config} (the training config's components by name) and {@code settings} (base_model,
     * max_seq_length, output_emb_size, …); empty objects when the run has no record yet.
     */
    public Settings settings() throws IOException {
        Path file = dir.resolve("run.json");
        if (!Files.isRegularFile(file)) {
            return new Settings(strategy(""), JSON.createObjectNode(), JSON.createObjectNode());
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException(file + ": not valid JSON: " + dev.nsw.io.JsonErrors.describe(e), e);
        }
        return new Settings(strategy(root.path("stage").asText("")), root.path("config"), root.path("settings"));
    }

    /** A run's recorded settings; {@code config} holds TrainingConfig's components by name. */
    public record Settings(Optional<Strategy> strategy, JsonNode config, JsonNode settings) {
        public Optional<Integer> configInt(String name) {
            return config.has(name) ? Optional.of(config.get(name).asInt()) : Optional.empty();
        }

        public Optional<Double> configDouble(String name) {
            return config.has(name) ? Optional.of(config.get(name).asDouble()) : Optional.empty();
        }

        public Optional<Integer> settingInt(String name) {
            return settings.has(name) ? Optional.of(settings.get(name).asInt()) : Optional.empty();
        }

        public Optional<String> settingText(String name) {
            return settings.has(name) ? Optional.of(settings.get(name).asText()) : Optional.empty();
        }
    }
}
