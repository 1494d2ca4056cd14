package dev.nsw.cli;

import dev.nsw.eval.MetricsReport;
import dev.nsw.train.TrainingListener;
import java.io.PrintWriter;
import java.util.Locale;

/** How every training command reports on stderr: one line per step and per evaluation. */
final class StepLines implements TrainingListener {
    private final PrintWriter err;
    private final boolean brief;

    private StepLines(PrintWriter err, boolean brief) {
        this.err = err;
        this.brief = brief;
    }

    /** {@code <stage> step s/total epoch e loss … lr … grad-norm … ex/s}, and each dev evaluation. */
    static StepLines full(PrintWriter err) {
        return new StepLines(err, false);
    }

    /** {@code    step s/total loss …} only, for the demo's narrated output. */
    static StepLines brief(PrintWriter err) {
        return new StepLines(err, true);
    }

    @Override
    public void onStep(StepEvent s) {
        if (brief) {
            err.printf(Locale.ROOT, "   step %d/%d loss %.4f%n", s.step(), s.totalSteps(), s.loss());
        } else {
            err.printf(
                    Locale.ROOT,
                    "%s step %d/%d epoch %d loss %.4f lr %.3g grad-norm %.2f %.1f ex/s%n",
                    s.stage(),
                    s.step(),
                    s.totalSteps(),
                    s.epoch(),
                    s.loss(),
                    s.learningRate(),
                    s.gradNorm(),
                    s.examplesPerSecond());
        }
        err.flush();
    }

    @Override
    public void onEvaluation(long step, int epoch, MetricsReport m, boolean best) {
        if (brief) {
            return;
        }
        err.println("eval after step " + step + " (epoch " + epoch + "): " + String.join(" ", m.header()) + " = "
                + String.join(" ", m.row()) + (best ? "  (best so far)" : ""));
        err.flush();
    }
}
