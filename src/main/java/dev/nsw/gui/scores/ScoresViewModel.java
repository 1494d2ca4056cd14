package dev.nsw.gui.scores;

import dev.nsw.data.DataFile;
import dev.nsw.data.GoldPair;
import dev.nsw.data.ReadOptions;
import dev.nsw.data.RecipeFiles;
import dev.nsw.data.RetrievalDataset;
import dev.nsw.data.TextPair;
import dev.nsw.encoder.EncoderOptions;
import dev.nsw.encoder.InferenceRuntime;
import dev.nsw.encoder.TextEncoder;
import dev.nsw.eval.ScoreDistribution;
import dev.nsw.gui.ModelChoice;
import dev.nsw.gui.WorkbenchModel;
import dev.nsw.gui.task.JobHandle;
import dev.nsw.retrieval.DenseRecall;
import dev.nsw.workspace.WorkspaceFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Score distributions of a dense model ({@link ScoreDistribution}): the cosines of the dev pairs
 * ({@code dev.csv}, else the evaluation set's gold pairs) against the in-batch negatives — every other
 * pair's target — as two histograms with the margin between their means, and the highest-scoring
 * negatives: the pairs most likely to be false negatives (unlabelled paraphrases).
 */
public final class ScoresViewModel {
    /** Pairs scored at most (n² negatives). */
    public static final int MAX_PAIRS = 1000;

    public static final int BINS = 40;
    public static final int HARDEST = 50;

    /** One histogram bar: share (%) of positives and of negatives whose cosine falls in [from, to). */
    public record Bin(double from, double to, double positivePercent, double negativePercent) {
        public double center() {
            return (from + to) / 2;
        }
    }

    /** A likely false negative: query i scored against pair j's target. */
    public record NegativeRow(
            int rank, String query, String negative, double score, String positive, double positiveScore) {
        public String scoreText() {
            return String.format(Locale.ROOT, "cosine %.4f", score);
        }

        public String positiveScoreText() {
            return String.format(Locale.ROOT, "cosine %.4f", positiveScore);
        }
    }

    /** What the panel shows for one model. */
    public record Result(
            String model,
            String source,
            int pairs,
            List<Bin> bins,
            double meanPositive,
            double meanNegative,
            double margin,
            double overlap,
            long knownPositivesLeftOut,
            List<NegativeRow> hardest) {}

    private final WorkbenchModel model;
    private final ObjectProperty<ModelChoice> modelChoice = new SimpleObjectProperty<>(this, "modelChoice");
    private final ReadOnlyObjectWrapper<Result> result = new ReadOnlyObjectWrapper<>(this, "result");
    private final ReadOnlyBooleanWrapper computing = new ReadOnlyBooleanWrapper(this, "computing");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", NO_RESULT);
    private final ObservableList<NegativeRow> hardest = FXCollections.observableArrayList();

    public ScoresViewModel(WorkbenchModel model) {
        this.model = model;
        modelChoice.set(
                model.catalogue().models().isEmpty()
                        ? null
                        : model.catalogue().models().getFirst());
        model.onWorkspaceOpened(ws -> {
            result.set(null);
            hardest.clear();
            summary.set(NO_RESULT);
            modelChoice.set(model.catalogue().preferredProperty().get());
        });
    }

    private static final String NO_RESULT =
            "Pick a model and press Compute: positive pairs vs in-batch negatives on dev.csv.";

    public BooleanBinding canCompute() {
        return Bindings.createBooleanBinding(
                () -> model.workspaceProperty().get() != null && !computing.get() && modelChoice.get() != null,
                model.workspaceProperty(),
                computing,
                modelChoice);
    }

    /** Embeds the pairs with the chosen model off the UI thread and shows the distributions. */
    public JobHandle compute() {
        WorkspaceFiles ws = model.workspaceProperty().get();
        ModelChoice m = modelChoice.get();
        RetrievalDataset eval = model.evalSetProperty().get();
        if (ws == null || m == null || m.isFolderPicker() || computing.get()) {
            return JobHandle.notStarted();
        }
        EncoderOptions options = model.encoderOptions(m);
        computing.set(true);
        return model.executor()
                .job("Score distribution: " + m.label(), (progress, cancel) -> {
                    Pairs pairs = pairs(ws.folder(), eval);
                    if (pairs.queries().size() < 2) {
                        throw new IllegalStateException(
                                "need at least 2 pairs: add dev.csv (query \\t similar text) to the workspace");
                    }
                    progress.progress(0, -1, "loading " + m.label());
                    try (TextEncoder encoder = InferenceRuntime.open(m.spec(), options, InferenceRuntime.Choice.AUTO)) {
                        float[][] q = DenseRecall.embed(encoder, pairs.queries(), "queries", progress, cancel);
                        float[][] t = DenseRecall.embed(encoder, pairs.targets(), "targets", progress, cancel);
                        return toResult(
                                m.label(),
                                pairs,
                                ScoreDistribution.of(q, t, HARDEST, pairs.queries(), pairs.targets()));
                    }
                })
                .onlyWhile(model.epoch()::isCurrent) // another workspace was opened meanwhile
                .onSuccess(r -> {
                    result.set(r);
                    hardest.setAll(r.hardest());
                    summary.set(String.format(
                            Locale.ROOT,
                            "%s on %,d %s pairs: mean positive cosine %.3f, mean in-batch negative %.3f, margin %.3f; %.2f%% of negatives score at or above their query's positive%s.",
                            r.model(),
                            r.pairs(),
                            r.source(),
                            r.meanPositive(),
                            r.meanNegative(),
                            r.margin(),
                            r.overlap() * 100,
                            r.knownPositivesLeftOut() == 0
                                    ? ""
                                    : String.format(
                                            Locale.ROOT,
                                            " (%,d targets that are another gold of the same query left out of the"
                                                    + " negatives)",
                                            r.knownPositivesLeftOut())));
                })
                .onFailure(error -> model.dialogs().showError("Cannot compute the score distribution", error))
                .onFinished(() -> computing.set(false))
                .start();
    }

    private record Pairs(String source, List<String> queries, List<String> targets) {}

    private static Pairs pairs(Path folder, RetrievalDataset eval) {
        List<String> q = new ArrayList<>();
        List<String> t = new ArrayList<>();
        Path dev = folder.resolve("dev.csv");
        String source;
        if (Files.isRegularFile(dev)) {
            DataFile<TextPair> file = RecipeFiles.readPairs(dev, ReadOptions.LENIENT);
            for (TextPair p : file.records()) {
                if (q.size() < MAX_PAIRS) {
                    q.add(p.query());
                    t.add(p.target());
                }
            }
            source = "dev.csv";
        } else {
            source = eval == null ? "no" : eval.name() + " gold";
            if (eval != null) {
                for (GoldPair g : eval.gold()) {
                    if (q.size() < MAX_PAIRS) {
                        eval.queryById(g.queryId())
                                .ifPresent(
                                        query -> eval.corpus().byId(g.docId()).ifPresent(d -> {
                                            q.add(query.text());
                                            t.add(d.text());
                                        }));
                    }
                }
            }
        }
        return new Pairs(source, q, t);
    }

    private static Result toResult(String label, Pairs pairs, ScoreDistribution d) {
        double[] pos = d.positives();
        double[] neg = d.negatives();
        double min = Math.min(
                java.util.Arrays.stream(pos).min().orElse(0),
                java.util.Arrays.stream(neg).min().orElse(0));
        double max = Math.max(
                java.util.Arrays.stream(pos).max().orElse(1),
                java.util.Arrays.stream(neg).max().orElse(1));
        min = Math.floor(min * 20) / 20;
        max = Math.ceil(max * 20) / 20;
        if (!(max > min)) {
            max = min + 0.05;
        }
        long[] hp = ScoreDistribution.histogram(pos, BINS, min, max);
        long[] hn = ScoreDistribution.histogram(neg, BINS, min, max);
        double width = (max - min) / BINS;
        List<Bin> bins = new ArrayList<>();
        for (int i = 0; i < BINS; i++) {
            bins.add(new Bin(
                    min + i * width,
                    min + (i + 1) * width,
                    100.0 * hp[i] / pos.length,
                    100.0 * hn[i] / Math.max(1, neg.length)));
        }
        List<NegativeRow> rows = new ArrayList<>();
        int rank = 1;
        for (ScoreDistribution.ScoredNegative n : d.hardest()) {
            rows.add(new NegativeRow(
                    rank++,
                    pairs.queries().get(n.query()),
                    pairs.targets().get(n.target()),
                    n.score(),
                    pairs.targets().get(n.query()),
                    n.positiveScore()));
        }
        return new Result(
                label,
                pairs.source(),
                pos.length,
                bins,
                d.meanPositive(),
                d.meanNegative(),
                d.margin(),
                d.overlap(),
                d.knownPositivesLeftOut(),
                rows);
    }

    public ObservableList<ModelChoice> models() {
        return model.catalogue().models();
    }

    public ObjectProperty<ModelChoice> modelChoiceProperty() {
        return modelChoice;
    }

    public ReadOnlyObjectProperty<Result> resultProperty() {
        return result.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty computingProperty() {
        return computing.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ObservableList<NegativeRow> hardest() {
        return hardest;
    }
}
