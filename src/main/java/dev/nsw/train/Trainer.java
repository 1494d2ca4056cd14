package dev.nsw.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import dev.nsw.encoder.Encoder;
import dev.nsw.encoder.NoGrad;
import dev.nsw.encoder.TorchRuntime;
import dev.nsw.eval.MetricsReport;
import dev.nsw.io.AtomicFiles;
import dev.nsw.io.FolderLock;
import dev.nsw.io.OwnedFolder;
import dev.nsw.io.RefusedWriteException;
import dev.nsw.job.CancellationToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The training loop shared by every stage: in-batch negatives and SimCSE ({@link ContrastiveObjective})
 * and masked-language-model pre-training ({@link MlmObjective}).
 *
 * <p>An explicit loop, not DJL's {@code EasyTrain.fit}: each step asks the {@link Objective} for the
 * batch's loss and gradients (dropout on), clips the global gradient norm, and applies {@link AdamW} at
 * the learning rate of {@link LinearWarmupDecay}. The
 * cancellation token is checked between steps; a cancelled or crashed run leaves its last checkpoint
 * intact, and {@link #train} with {@code resume = true} continues from it to the same weights an
 * uninterrupted run reaches: the batch order depends only on (seed, epoch) and dropout is reseeded from
 * (seed, step) before every step.
 *
 * <p>Output folder, written by {@link RunFolderListener}: {@code checkpoint/} (model + {@code optimizer.safetensors} +
 * {@code trainer-state.json}, and {@code head.safetensors} when the objective has parameters of its
 * own; replaced atomically), {@code best/} (the model with the best dev Recall@5,
 * when an evaluator is given), {@code final/} (the model after the last step), {@code model_<step>/} every
 * {@code saveSteps} steps (the recipe's layout), {@code run.json} (the run
 * record).
 */
public final class Trainer<T> {
    /** Scores the encoder on a dev set; called at epoch ends and every {@code evalSteps}. */
    @FunctionalInterface
    public interface Evaluator {
        MetricsReport evaluate(Encoder encoder);
    }

    /** What a finished run reached. */
    public record Result(
            long steps,
            double firstLoss,
            double lastLoss,
            MetricsReport lastMetrics,
            MetricsReport bestMetrics,
            Path finalModel,
            Path bestModel,
            double seconds) {}

    static final String CHECKPOINT = "checkpoint";
    static final String STEP_MODEL_PREFIX = "model_";
    static final String STATE_FILE = "trainer-state.json";
    static final String OPTIMIZER_FILE = "optimizer.safetensors";
    static final String HEAD_FILE = "head.safetensors";

    private final Objective<T> objective;
    private final String stage;
    private final Encoder encoder;
    private final TrainingConfig config;
    private final Path outputDir;
    private final TrainingListener listener;
    private final CancellationToken cancel;
    private final Evaluator evaluator;
    private final RunRecord record;

    /**
     * @param objective what a step computes; its encoder is trained in place (open the encoder from
     *     {@code checkpoint/model} to resume)
     * @param evaluator dev-set scoring, or {@code null} for none
     * @param record the run record to fill (data files, config); written to {@code run.json}
     */
    public Trainer(
            Objective<T> objective,
            TrainingConfig config,
            Path outputDir,
            TrainingListener listener,
            CancellationToken cancel,
            Evaluator evaluator,
            RunRecord record) {
        this.objective = objective;
        this.stage = objective.stage();
        this.encoder = objective.encoder();
        this.config = config;
        this.outputDir = outputDir;
        this.listener = listener;
        this.cancel = cancel;
        this.evaluator = evaluator;
        this.record = record;
    }

    /** Folder of the last checkpoint's model, to open an {@link Encoder} from when resuming. */
    public static Path checkpointModel(Path outputDir) {
        return outputDir.resolve(CHECKPOINT).resolve("model");
    }

    /**
     * Whether a run asked to {@code resume} will: true when there is a checkpoint, false when not asked.
     *
     * @throws IllegalStateException when asked to resume but {@code outputDir} holds no checkpoint
     */
    public static boolean resuming(Path outputDir, boolean resume) {
        OwnedFolder.requireWritable(outputDir, OwnedFolder.Kind.TRAINING_RUN);
        if (Files.isDirectory(outputDir)) {
            try (FolderLock lock = FolderLock.acquire(outputDir)) {
                AtomicFiles.recoverDirectory(
                        outputDir.resolve(CHECKPOINT)); // a crash mid-save left a complete copy aside
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot recover the checkpoint in " + outputDir + ": " + e.getMessage(), e);
            }
        }
        if (resume && !hasCheckpoint(outputDir)) {
            throw new IllegalStateException("cannot resume: no checkpoint in " + outputDir.resolve(CHECKPOINT));
        }
        if (!resume && holdsRun(outputDir)) {
            throw new RefusedWriteException(
                    outputDir + " holds a training run; continue it with --resume, replace it with"
                            + " --overwrite, or choose another --save_dir");
        }
        return resume;
    }

    /** Whether {@code outputDir} holds (part of) a run: a checkpoint, a run record or a final model. */
    public static boolean holdsRun(Path outputDir) {
        return hasCheckpoint(outputDir)
                || Files.exists(outputDir.resolve("run.json"))
                || Files.exists(outputDir.resolve("final"))
                || Files.exists(outputDir.resolve("best"));
    }

    /**
     * Deletes the run in {@code outputDir} (checkpoint, best and final models, run record) so that a new one
     * can start there — only when nsw made the folder as a training run; anything else in it stays.
     */
    public static void discardRun(Path outputDir) {
        if (!Files.isDirectory(outputDir)) {
            return;
        }
        OwnedFolder.requireWritable(outputDir, OwnedFolder.Kind.TRAINING_RUN);
        try (FolderLock lock = FolderLock.acquire(outputDir)) {
            AtomicFiles.recoverDirectory(outputDir.resolve(CHECKPOINT));
            for (String part : List.of(CHECKPOINT, "best", "final")) {
                AtomicFiles.recoverDirectory(outputDir.resolve(part));
                AtomicFiles.deleteTree(outputDir.resolve(part));
            }
            Files.deleteIfExists(outputDir.resolve("run.json"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear the run in " + outputDir + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code outputDir} holds a checkpoint to resume from. */
    public static boolean hasCheckpoint(Path outputDir) {
        return Files.isRegularFile(outputDir.resolve(CHECKPOINT).resolve(STATE_FILE));
    }

    /** Steps per epoch: full batches only (as the recipe's reference run: 4,402 pairs / 64 → 68). */
    public static int stepsPerEpoch(int examples, int batchSize) {
        return Math.max(1, examples / batchSize);
    }

    public Result train(List<T> pairs, boolean resume) {
        if (pairs.size() < 2) {
            throw new IllegalArgumentException("need at least 2 training examples, got " + pairs.size());
        }
        int batch = Math.min(config.batchSize(), pairs.size());
        int perEpoch = stepsPerEpoch(pairs.size(), batch);
        long total = (long) perEpoch * config.epochs();
        if (config.maxSteps() > 0) {
            total = Math.min(total, config.maxSteps());
        }
        LinearWarmupDecay schedule = LinearWarmupDecay.withProportion(
                config.learningRate(), config.warmupProportion(), (long) perEpoch * config.epochs());
        Map<String, Parameter> parameters = RunFolderListener.trainedParameters(objective);
        NDManager manager = encoder.manager();
        long start = System.nanoTime();

        OwnedFolder.requireWritable(outputDir, OwnedFolder.Kind.TRAINING_RUN);
        try (FolderLock lock = FolderLock.acquire(outputDir);
                AdamW optimizer = new AdamW(manager, config.weightDecay(), AdamW::decaysByDefault)) {
            OwnedFolder.mark(outputDir, OwnedFolder.Kind.TRAINING_RUN);
            // the run folder is written by a listener told before the caller's (a best model is in place before the
            // caller hears of it); it tells the caller of each checkpoint once that is in place
            RunFolderListener runFolder =
                    new RunFolderListener(outputDir, config, objective, record, optimizer, listener);
            TrainingListener events = TrainingListener.both(runFolder, listener);
            long step = resuming(outputDir, resume) ? runFolder.resume() : 0;
            MetricsReport best = null;
            MetricsReport last = null;
            runFolder.refuseForeignStepFolders(step, total);
            record.begin(stage, config, pairs.size(), total);
            events.onStart(stage, step, total, perEpoch);
            int[] order = null;
            int orderEpoch = -1;
            while (step < total) {
                cancel.check();
                int epoch = (int) (step / perEpoch);
                if (epoch != orderEpoch) {
                    order = shuffledOrder(pairs.size(), config.seed(), epoch);
                    orderEpoch = epoch;
                }
                int offset = (int) (step % perEpoch) * batch;
                List<T> examples = new ArrayList<>(batch);
                for (int i = 0; i < batch; i++) {
                    examples.add(pairs.get(order[offset + i]));
                }
                long t0 = System.nanoTime();
                double lr = schedule.at(step);
                double[] lossAndNorm = step(examples, parameters, optimizer, lr, step, runFolder.lastSavedStep());
                double seconds = (System.nanoTime() - t0) / 1e9;
                step++;
                record.step(step, lossAndNorm[0], lr, seconds);
                events.onStep(new TrainingListener.StepEvent(
                        stage, step, total, epoch + 1, lossAndNorm[0], lr, lossAndNorm[1], batch / seconds));

                boolean epochEnd = step % perEpoch == 0 || step == total;
                boolean evalNow = epochEnd || (config.evalSteps() > 0 && step % config.evalSteps() == 0);
                if (evalNow && evaluator != null) {
                    last = evaluator.evaluate(encoder);
                    boolean isBest = best == null || last.recall(5) > best.recall(5);
                    if (isBest) {
                        best = last;
                    }
                    record.evaluation(step, epoch + 1, last);
                    events.onEvaluation(step, epoch + 1, last, isBest);
                }
                events.onStepEnd(step, epochEnd); // checkpoint/ and model_<step>/ when due
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            record.finish(seconds);
            events.onTrainingEnd(step); // final/ and run.json
            Path finalModel = outputDir.resolve("final");
            return new Result(
                    step,
                    runFolder.firstLoss(),
                    record.lastLoss(),
                    last,
                    best,
                    finalModel,
                    best == null ? finalModel : outputDir.resolve("best"),
                    seconds);
        } catch (IOException e) {
            throw new UncheckedIOException("training output in " + outputDir + ": " + e.getMessage(), e);
        }
    }

    /** A permutation of [0, n) that depends only on (seed, epoch). */
    static int[] shuffledOrder(int n, long seed, int epoch) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random random = new Random(seed * 1_000_003L + epoch);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** One optimizer update; returns {loss, gradient norm before clipping}. */
    private double[] step(
            List<T> examples,
            Map<String, Parameter> parameters,
            AdamW optimizer,
            double lr,
            long step,
            long lastSavedStep) {
        try (NDManager scratch = encoder.manager().newSubManager()) {
            double lossValue;
            synchronized (
                    TorchRuntime.RANDOM) { // seeding and every dropout/masking draw of the step, with no other thread
                // between
                lossValue = objective.lossAndBackward(scratch, examples, step);
            }
            if (!Double.isFinite(lossValue)) {
                throw nonFinite(step, "the loss is " + lossValue, lastSavedStep);
            }
            Map<String, NDArray> weights = new LinkedHashMap<>();
            Map<String, NDArray> gradients = new LinkedHashMap<>();
            for (var e : parameters.entrySet()) {
                NDArray w = e.getValue().getArray();
                NDArray g = w.getGradient();
                g.attach(scratch);
                weights.put(e.getKey(), w);
                gradients.put(e.getKey(), g);
            }
            try (NoGrad noGrad = NoGrad.enter()) {
                double norm = GradientClipping.clipByGlobalNorm(gradients.values(), config.maxGradNorm());
                if (!Double.isFinite(norm)) { // checked before the update: the weights stay as they were
                    throw nonFinite(step, "the gradient norm is " + norm, lastSavedStep);
                }
                optimizer.step(weights, gradients, lr);
                for (NDArray g : gradients.values()) {
                    g.subi(g); // zero in place: PyTorch accumulates gradients across backward passes
                }
                encoder.weightsChanged();
                return new double[] {lossValue, norm};
            }
        }
    }

    /**
     * Stops a run whose loss or gradients stopped being finite numbers, before they reach the weights, the
     * charts (a NaN point blanks them) or a checkpoint: the last checkpoint stays the last good state.
     */
    private NonFiniteTrainingException nonFinite(long step, String what, long lastSavedStep) {
        return new NonFiniteTrainingException("training stopped at step " + (step + 1) + ": " + what
                + " (diverged: try a lower learning rate or a smaller --scale); the weights were not updated"
                + (lastSavedStep > 0
                        ? " and the checkpoint of step " + lastSavedStep + " in " + outputDir.resolve(CHECKPOINT)
                                + " is kept"
                        : "; no checkpoint was written yet"));
    }

    /** A run stopped because its loss or gradients became NaN or infinite. */
    public static final class NonFiniteTrainingException extends IllegalStateException {
        NonFiniteTrainingException(String message) {
            super(message);
        }
    }

    /**
     * Seeds PyTorch's generator so that dropout (and MLM masking) depends only on (seed, step, part): the
     * reason a resumed run repeats an uninterrupted one exactly.
     */
    static void seedRandomness(long seed, long step, int part) {
        long mixed = seed * 0x9E3779B97F4A7C15L + step * 1_000_003L + part;
        Engine.getInstance().setRandomSeed((int) (mixed ^ (mixed >>> 32)) & 0x7fffffff);
    }

    static GradientCollector newCollector() {
        return Engine.getInstance().newGradientCollector();
    }

    /** Name of the recipe's per-save model folder: {@code model_<step>}. */
    public static String stepModelName(long step) {
        return STEP_MODEL_PREFIX + step;
    }
}
