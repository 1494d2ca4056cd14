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
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
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
            return s.filter(Trainer::hasCheckpoint)
                    .max(Comparator.comparing(p -> p.getFileName().toString()))
                    .map(RunLayout::new);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public boolean resumable() {
        return Trainer.hasCheckpoint(dir);
    }

    /** The model to query: {@code best/}, else {@code final/}, else the checkpoint's; empty before the first save. */
    public Optional<Path> latestModel() {
        for (Path p : List.of(dir.resolve("best"), dir.resolve("final"), Trainer.checkpointModel(dir))) {
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
