package dev.nsw.gui.train;

import dev.nsw.eval.MetricsReport;
import dev.nsw.job.ProgressListener;
import dev.nsw.train.TrainingListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The training charts' series, reduced from the trainer's events without JavaFX. {@link #listener} turns the
 * trainer's callbacks into {@link Event}s on the training thread; {@link #apply} folds a batch of them into
 * the step series (loss, learning rate) and the dev Recall@K series on the UI thread. The lists are the
 * caller's: given observable lists, each batch is one {@code addAll} per run of steps, so a chart redraws
 * once per batch and not once per step.
 */
public final class TrainingChartSeries {
    /** What the trainer reports, as the charts read it. */
    public sealed interface Event permits Started, Point, EvalPoint, Checkpoint {}

    /** A stage begins after {@code firstStep} (0 for a new run, the checkpoint's step for a resumed one). */
    public record Started(String stage, long firstStep, long totalSteps) implements Event {}

    /** One optimisation step, for the loss and learning-rate charts. */
    public record Point(long step, double loss, double learningRate) implements Event {}

    /** One dev-set evaluation, for the Recall@K chart (epoch 0: before training). */
    public record EvalPoint(long step, int epoch, double recall1, double recall5, double recall10, boolean best)
            implements Event {}

    /** A checkpoint was written. */
    public record Checkpoint(long step, Path folder) implements Event {}

    private final List<Point> points;
    private final List<EvalPoint> evaluations;

    /** Reduces into these lists (observable ones for a chart, plain ones in a test). */
    public TrainingChartSeries(List<Point> points, List<EvalPoint> evaluations) {
        this.points = points;
        this.evaluations = evaluations;
    }

    /**
     * Folds a batch of events into the series. A {@link Started} event of a resumed run drops the points after
     * its first step (those steps run again) and the evaluations after it, but never the epoch-0 baseline.
     *
     * @return the status line the batch's last {@link Started} or {@link Checkpoint} event calls for, if any
     */
    public Optional<String> apply(List<? extends Event> batch) {
        String status = null;
        List<Point> steps = new ArrayList<>();
        for (Event e : batch) {
            switch (e) {
                case Point p -> steps.add(p);
                case EvalPoint ep -> {
                    flushSteps(steps);
                    evaluations.add(ep);
                }
                case Started st -> {
                    flushSteps(steps);
                    points.removeIf(p -> p.step() > st.firstStep());
                    evaluations.removeIf(p -> p.step() > st.firstStep() && p.epoch() > 0);
                    status = String.format(
                            Locale.ROOT, "Training %s: steps %d–%d", st.stage(), st.firstStep() + 1, st.totalSteps());
                }
                case Checkpoint c -> status = "Checkpoint after step " + c.step() + " in " + c.folder();
            }
        }
        flushSteps(steps);
        return Optional.ofNullable(status);
    }

    private void flushSteps(List<Point> steps) {
        if (!steps.isEmpty()) {
            points.addAll(steps);
            steps.clear();
        }
    }

    /** Empties both series (a new run, another workspace). */
    public void clear() {
        points.clear();
        evaluations.clear();
    }

    /** The last step drawn, 0 before the first: where a failed or cancelled run stopped. */
    public long lastStep() {
        return points.isEmpty() ? 0 : points.getLast().step();
    }

    /**
     * Puts the before-training metrics first when no epoch-0 point was drawn (the job scored the base model
     * but the baseline event did not reach the charts).
     */
    public void addBaselineIfMissing(MetricsReport before) {
        if (before != null && evaluations.stream().noneMatch(p -> p.epoch() == 0)) {
            evaluations.addFirst(evalPoint(0, 0, before, false));
        }
    }

    static EvalPoint evalPoint(long step, int epoch, MetricsReport m, boolean best) {
        return new EvalPoint(step, epoch, m.recall(1), m.recall(5), m.recall(10), best);
    }

    /**
     * The trainer's callbacks as chart events for {@code sink} (called on the training thread) and as the
     * job's progress lines.
     */
    public static TrainingListener listener(Consumer<? super Event> sink, ProgressListener progress) {
        return new TrainingListener() {
            @Override
            public void onStart(String stage, long firstStep, long totalSteps, int stepsPerEpoch) {
                sink.accept(new Started(stage, firstStep, totalSteps));
                progress.progress(firstStep, totalSteps, stage + " step " + firstStep + "/" + totalSteps);
            }

            @Override
            public void onStep(StepEvent e) {
                sink.accept(new Point(e.step(), e.loss(), e.learningRate()));
                progress.progress(
                        e.step(),
                        e.totalSteps(),
                        String.format(Locale.ROOT, "step %d/%d loss %.4f", e.step(), e.totalSteps(), e.loss()));
            }

            @Override
            public void onEvaluation(long step, int epoch, MetricsReport metrics, boolean best) {
                if (metrics != null) {
                    sink.accept(evalPoint(step, epoch, metrics, best));
                }
            }

            @Override
            public void onBaseline(MetricsReport metrics) {
                sink.accept(evalPoint(0, 0, metrics, false)); // the first point of the Recall@K chart
            }

            @Override
            public void onCheckpoint(long step, Path folder) {
                sink.accept(new Checkpoint(step, folder));
            }
        };
    }
}
