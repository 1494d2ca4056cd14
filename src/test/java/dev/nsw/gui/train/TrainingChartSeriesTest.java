package dev.nsw.gui.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nsw.eval.MetricsReport;
import dev.nsw.gui.train.TrainingChartSeries.Checkpoint;
import dev.nsw.gui.train.TrainingChartSeries.EvalPoint;
import dev.nsw.gui.train.TrainingChartSeries.Event;
import dev.nsw.gui.train.TrainingChartSeries.Point;
import dev.nsw.gui.train.TrainingChartSeries.Started;
import dev.nsw.train.TrainingListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The chart reducer on plain lists: no JavaFX toolkit, no trainer. */
class TrainingChartSeriesTest {
    private final List<Point> points = new ArrayList<>();
    private final List<EvalPoint> evaluations = new ArrayList<>();
    private final TrainingChartSeries charts = new TrainingChartSeries(points, evaluations);

    private static MetricsReport recall(double r1, double r5, double r10) {
        return new MetricsReport("dev", 10, 10, Map.of(1, r1, 5, r5, 10, r10), 0, 0, List.of());
    }

    private static EvalPoint eval(long step, int epoch) {
        return new EvalPoint(step, epoch, 10 * epoch, 20 * epoch, 30 * epoch, false);
    }

    @Test
    void aRunDrawsItsStepsAndEvaluationsInOrderAndSaysWhatItDoes() {
        assertThat(charts.lastStep()).isZero();
        var status = charts.apply(List.of(
                new Started("inbatch", 0, 4),
                eval(0, 0),
                new Point(1, 2.5, 1e-5),
                new Point(2, 2.0, 2e-5),
                eval(2, 1),
                new Point(3, 1.5, 1e-5)));
        assertThat(points).extracting(Point::step).containsExactly(1L, 2L, 3L);
        assertThat(evaluations).extracting(EvalPoint::epoch).containsExactly(0, 1);
        assertThat(status).contains("Training inbatch: steps 1–4");
        assertThat(charts.lastStep()).isEqualTo(3);

        // the last status-bearing event of a batch wins; a batch of steps alone says nothing new
        assertThat(charts.apply(List.of(new Checkpoint(3, Path.of("ck")), new Point(4, 1.0, 0))))
                .contains("Checkpoint after step 3 in ck");
        assertThat(charts.apply(List.of(new Point(5, 0.9, 0)))).isEmpty();
    }

    @Test
    void aResumeDropsTheStepsAfterItsCheckpointButKeepsTheBaseline() {
        charts.apply(List.of(
                eval(0, 0), new Point(1, 3, 0), new Point(2, 2, 0), eval(2, 1), new Point(3, 1, 0), eval(3, 2)));
        // resumed from the checkpoint after step 2: step 3 and the evaluation at step 3 run again
        charts.apply(List.of(new Started("inbatch", 2, 4), new Point(3, 1.1, 0), new Point(4, 0.8, 0)));
        assertThat(points).extracting(Point::step).containsExactly(1L, 2L, 3L, 4L);
        assertThat(points.get(2).loss()).isEqualTo(1.1);
        assertThat(evaluations).extracting(EvalPoint::step).containsExactly(0L, 2L);

        // a resume from step 0 keeps the epoch-0 point although nothing came before it
        charts.apply(List.of(new Started("inbatch", 0, 4)));
        assertThat(points).isEmpty();
        assertThat(evaluations).extracting(EvalPoint::epoch).containsExactly(0);
    }

    @Test
    void theBaselineIsAddedFirstOnlyWhenItIsMissing() {
        charts.addBaselineIfMissing(null);
        assertThat(evaluations).isEmpty();
        charts.apply(List.of(eval(5, 1)));
        charts.addBaselineIfMissing(recall(12.5, 40, 55.5));
        assertThat(evaluations)
                .containsExactly(new EvalPoint(0, 0, 12.5, 40, 55.5, false), new EvalPoint(5, 1, 10, 20, 30, false));
        charts.addBaselineIfMissing(recall(99, 99, 99));
        assertThat(evaluations).hasSize(2);
        charts.clear();
        assertThat(points).isEmpty();
        assertThat(evaluations).isEmpty();
    }

    @Test
    void theListenerTurnsTrainerCallbacksIntoEventsAndProgressLines() {
        List<Event> events = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        TrainingListener l = TrainingChartSeries.listener(
                events::add, (done, total, message) -> lines.add(done + "/" + total + " " + message));
        l.onStart("simcse", 2, 10, 5);
        l.onBaseline(recall(1, 2, 3));
        l.onStep(new TrainingListener.StepEvent("simcse", 3, 10, 1, 0.12345, 1e-5, 1, 100));
        l.onEvaluation(3, 1, null, false); // no dev set: nothing to draw
        l.onEvaluation(5, 1, recall(4, 5, 6), true);
        l.onCheckpoint(5, Path.of("run", "checkpoint"));
        assertThat(events)
                .containsExactly(
                        new Started("simcse", 2, 10),
                        new EvalPoint(0, 0, 1, 2, 3, false),
                        new Point(3, 0.12345, 1e-5),
                        new EvalPoint(5, 1, 4, 5, 6, true),
                        new Checkpoint(5, Path.of("run", "checkpoint")));
        assertThat(lines).containsExactly("2/10 simcse step 2/10", "3/10 step 3/10 loss 0.1235");
    }
}
