package dev.nsw.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nsw.encoder.Encoder;
import dev.nsw.encoder.WeightImport;
import dev.nsw.eval.MetricsReport;
import dev.nsw.io.AtomicFiles;
import dev.nsw.io.NamedTensor;
import dev.nsw.io.Safetensors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes a run's folder as the {@link Trainer} loop tells it what happened, as DJL's {@code
 * SaveModelTrainingListener} and {@code CheckpointsTrainingListener} do: the loop holds no file I/O.
 *
 * <ul>
 *   <li>a best evaluation → {@code best/} (the model);
 *   <li>each epoch end and every {@code saveSteps} steps → {@code checkpoint/} (model, {@value
 *       Trainer#OPTIMIZER_FILE}, {@value Trainer#STATE_FILE}, {@value Trainer#HEAD_FILE} when the objective has
 *       parameters of its own; replaced atomically) and {@code run.json}; then {@link TrainingListener#onCheckpoint}
 *       to the listener given;
 *   <li>every {@code saveSteps} steps → {@code model_<step>/}, the recipe's layout;
 *   <li>the end → {@code final/} and {@code run.json}.
 * </ul>
 *
 * It also reads a checkpoint back ({@link #resume}): the format is written and read in this one class.
 */
final class RunFolderListener implements TrainingListener {
    private static final String HEAD_PREFIX = "head/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path outputDir;
    private final String stage;
    private final TrainingConfig config;
    private final Objective<?> objective;
    private final RunRecord record;
    private final AdamW optimizer;
    private final TrainingListener checkpointsTo;
    private double firstLoss = Double.NaN;
    private long lastSavedStep;

    /**
     * @param checkpointsTo told {@link TrainingListener#onCheckpoint} after each checkpoint is in place
     */
    RunFolderListener(
            Path outputDir,
            TrainingConfig config,
            Objective<?> objective,
            RunRecord record,
            AdamW optimizer,
            TrainingListener checkpointsTo) {
        this.outputDir = outputDir;
        this.stage = objective.stage();
        this.config = config;
        this.objective = objective;
        this.record = record;
        this.optimizer = optimizer;
        this.checkpointsTo = checkpointsTo;
    }

    /** The parameters the optimizer updates: the encoder's, then the objective's own under {@code head/}. */
    static Map<String, Parameter> trainedParameters(Objective<?> objective) {
        Map<String, Parameter> parameters =
                new LinkedHashMap<>(objective.encoder().block().namedParameters());
        objective.extraParameters().forEach((name, p) -> parameters.put(HEAD_PREFIX + name, p));
        return parameters;
    }

    /** The loss of the run's first step (NaN before it). */
    double firstLoss() {
        return firstLoss;
    }

    /** The last step a checkpoint holds (0: none yet). */
    long lastSavedStep() {
        return lastSavedStep;
    }

    /**
     * Restores the checkpoint this listener writes: the record, the optimizer's state and the objective's own
     * parameters (the encoder is opened from {@link Trainer#checkpointModel}). Returns the step to continue at.
     */
    long resume() throws IOException {
        ObjectNode state = readState();
        long step = state.path("next_step").asLong();
        firstLoss = state.path("first_loss").asDouble(Double.NaN);
        record.restore(state.path("record"));
        restoreOptimizer(state.path("optimizer_updates").asLong());
        restoreHead();
        lastSavedStep = step;
        return step;
    }

    @Override
    public void onStep(StepEvent step) {
        if (Double.isNaN(firstLoss)) {
            firstLoss = step.loss();
        }
    }

    @Override
    public void onEvaluation(long step, int epoch, MetricsReport metrics, boolean best) {
        if (best) {
            save(() -> objective.saveModel(outputDir.resolve("best")));
        }
    }

    @Override
    public void onStepEnd(long step, boolean epochEnd) {
        boolean saveNow = epochEnd || (config.saveSteps() > 0 && step % config.saveSteps() == 0);
        if (saveNow && step != lastSavedStep) {
            save(() -> saveCheckpoint(step));
            lastSavedStep = step;
            checkpointsTo.onCheckpoint(step, outputDir.resolve(Trainer.CHECKPOINT));
        }
        if (config.saveSteps() > 0 && step % config.saveSteps() == 0) {
            save(() -> publishStepModel(step));
        }
    }

    @Override
    public void onTrainingEnd(long steps) {
        save(() -> {
            objective.saveModel(outputDir.resolve("final"));
            record.write(outputDir.resolve("run.json"));
        });
    }

    private interface Save {
        void run() throws IOException;
    }

    private void save(Save save) {
        try {
            save.run();
        } catch (IOException e) {
            throw new UncheckedIOException("training output in " + outputDir + ": " + e.getMessage(), e);
        }
    }

    /** Fails before the first step when a {@code model_<step>/} this run would write is someone else's folder. */
    void refuseForeignStepFolders(long fromStep, long total) throws IOException {
        if (config.saveSteps() <= 0) {
            return;
        }
        for (long s = (fromStep / config.saveSteps() + 1) * config.saveSteps(); s <= total; s += config.saveSteps()) {
            refuseForeign(outputDir.resolve(Trainer.stepModelName(s)));
        }
    }

    /** A folder nsw may replace is absent or a model folder nsw wrote (e.g. not the recipe's own model_40/). */
    private static void refuseForeign(Path target) throws IOException {
        if (Files.exists(target) && !Files.isRegularFile(target.resolve(Encoder.META_FILE))) {
            throw new IOException("refusing to replace " + target + ": it is not a model folder nsw wrote");
        }
    }

    /**
     * Publishes the checkpoint just written as {@code model_<step>/}, the folder the recipe's
     * {@code --save_steps} leaves and its later commands name ({@code --params_path .../model_40}). The
     * files are hard links to the checkpoint's model (the checkpoint is replaced, never rewritten in place,
     * so the links keep this step's weights), copies where the file system has no links.
     */
    private void publishStepModel(long step) throws IOException {
        Path source = Trainer.checkpointModel(outputDir);
        Path target = outputDir.resolve(Trainer.stepModelName(step));
        refuseForeign(target);
        Path tmp = AtomicFiles.newTempSibling(target); // not createTempDirectory: its 0700 would stay on model_<step>/
        try {
            try (Stream<Path> files = Files.list(source)) {
                for (Path f : files.toList()) {
                    Path to = tmp.resolve(f.getFileName().toString());
                    try {
                        Files.createLink(to, f);
                    } catch (IOException | UnsupportedOperationException e) {
                        Files.copy(f, to);
                    }
                }
            }
            AtomicFiles.replaceDirectory(tmp, target);
        } catch (IOException | RuntimeException e) {
            AtomicFiles.deleteTree(tmp);
            throw e;
        }
    }

    private void saveCheckpoint(long nextStep) throws IOException {
        Files.createDirectories(outputDir);
        Path tmp = AtomicFiles.newTempSibling(outputDir.resolve(Trainer.CHECKPOINT));
        try {
            objective.encoder().save(tmp.resolve("model"));
            Map<String, Parameter> head = objective.extraParameters();
            if (!head.isEmpty()) {
                Safetensors.write(tmp.resolve(Trainer.HEAD_FILE), WeightImport.tensors(head));
            }
            Map<String, NamedTensor> state = new LinkedHashMap<>();
            optimizer.state().forEach((name, array) -> state.put(name, WeightImport.tensor(name, array)));
            Safetensors.write(tmp.resolve(Trainer.OPTIMIZER_FILE), state);
            ObjectNode s = JSON.createObjectNode();
            s.put("format", "nsw-trainer/1");
            s.put("stage", stage);
            s.put("next_step", nextStep);
            s.put("optimizer_updates", optimizer.updates());
            s.put("first_loss", firstLoss);
            s.set("config", JSON.valueToTree(config));
            s.set("record", record.toJson());
            Files.writeString(
                    tmp.resolve(Trainer.STATE_FILE),
                    JSON.writerWithDefaultPrettyPrinter().writeValueAsString(s));
            AtomicFiles.replaceDirectory(tmp, outputDir.resolve(Trainer.CHECKPOINT));
            record.write(outputDir.resolve("run.json"));
        } catch (IOException | RuntimeException e) {
            AtomicFiles.deleteTree(tmp);
            throw e;
        }
    }

    private ObjectNode readState() {
        Path file = outputDir.resolve(Trainer.CHECKPOINT).resolve(Trainer.STATE_FILE);
        try {
            ObjectNode state = (ObjectNode) JSON.readTree(file.toFile());
            if (!"nsw-trainer/1".equals(state.path("format").asText())) {
                throw new IllegalStateException(file + ": not a trainer state file");
            }
            TrainingConfig saved = JSON.treeToValue(state.path("config"), TrainingConfig.class);
            if (saved.batchSize() != config.batchSize()
                    || saved.seed() != config.seed()
                    || saved.epochs() != config.epochs()
                    || saved.learningRate() != config.learningRate()) {
                throw new IllegalStateException("cannot resume: the checkpoint in " + file.getParent()
                        + " was trained with batch " + saved.batchSize() + ", seed " + saved.seed() + ", epochs "
                        + saved.epochs()
                        + ", lr " + saved.learningRate() + "; this run asks for batch " + config.batchSize() + ", seed "
                        + config.seed() + ", epochs " + config.epochs() + ", lr " + config.learningRate());
            }
            String differs = record.resumeMismatch(state.path("record"));
            if (differs != null) {
                throw new IllegalStateException("cannot resume the run in " + outputDir + ": " + differs
                        + "; resume with the same settings, or start a new run (--overwrite or another --save_dir)");
            }
            return state;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private void restoreOptimizer(long updates) throws IOException {
        Map<String, NamedTensor> tensors =
                Safetensors.read(outputDir.resolve(Trainer.CHECKPOINT).resolve(Trainer.OPTIMIZER_FILE));
        try (NDManager tmp = objective.encoder().manager().newSubManager()) {
            Map<String, NDArray> state = new LinkedHashMap<>();
            tensors.forEach((name, t) -> state.put(name, tmp.create(t.data(), new Shape(t.shape()))));
            optimizer.restore(state, updates);
        }
    }

    private void restoreHead() throws IOException {
        Map<String, Parameter> head = objective.extraParameters();
        if (head.isEmpty()) {
            return;
        }
        Map<String, NamedTensor> saved =
                Safetensors.read(outputDir.resolve(Trainer.CHECKPOINT).resolve(Trainer.HEAD_FILE));
        for (var e : head.entrySet()) {
            NamedTensor tensor = saved.get(e.getKey());
            if (tensor == null) {
                throw new IllegalStateException("checkpoint head is missing tensor '" + e.getKey() + "'");
            }
            e.getValue().getArray().set(tensor.data());
        }
    }
}
