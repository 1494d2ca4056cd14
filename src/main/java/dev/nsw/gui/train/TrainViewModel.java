package dev.nsw.gui.train;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Train panel: the recipe's hyper-parameters and training strategy, and the loss / learning-rate curves a
 * trainer reports through {@link TrainingProgressListener}. No training engine is part of this build, so
 * {@link #engineAvailableProperty()} is false and Start stays disabled: nothing is simulated.
 */
public final class TrainViewModel {
    public static final String UNAVAILABLE = "Training engine not available in this build: the form shows the recipe's settings; Start is disabled.";

    /** The recipe's training strategies. */
    public enum Strategy {
        IN_BATCH_NEGATIVES("In-batch negatives (supervised pairs)"),
        SIMCSE("SimCSE (unsupervised text)"),
        ERNIE_SEARCH_MLM("Domain-adaptive MLM pre-training"),
        MARGIN_RANKING("Pairwise margin ranking (triples)");

        private final String title;

        Strategy(String title) {
            this.title = title;
        }

        @Override
        public String toString() {
            return title;
        }
    }

    /** One logged step for the charts. */
    public record Point(long step, double loss, double learningRate) {}

    private final ObjectProperty<Strategy> strategy = new SimpleObjectProperty<>(this, "strategy", Strategy.IN_BATCH_NEGATIVES);
    private final IntegerProperty epochs = new SimpleIntegerProperty(this, "epochs", 3);
    private final IntegerProperty batchSize = new SimpleIntegerProperty(this, "batchSize", 64);
    private final IntegerProperty maxSeqLength = new SimpleIntegerProperty(this, "maxSeqLength", 64);
    private final IntegerProperty outputEmbSize = new SimpleIntegerProperty(this, "outputEmbSize", 256);
    private final DoubleProperty learningRate = new SimpleDoubleProperty(this, "learningRate", 5e-5);
    private final DoubleProperty warmupProportion = new SimpleDoubleProperty(this, "warmupProportion", 0.0);
    private final DoubleProperty weightDecay = new SimpleDoubleProperty(this, "weightDecay", 0.0);
    private final DoubleProperty margin = new SimpleDoubleProperty(this, "margin", 0.2);
    private final DoubleProperty scale = new SimpleDoubleProperty(this, "scale", 30);
    private final DoubleProperty dropout = new SimpleDoubleProperty(this, "dropout", 0.1);
    private final BooleanProperty useAmp = new SimpleBooleanProperty(this, "useAmp", false);
    private final ReadOnlyBooleanWrapper engineAvailable = new ReadOnlyBooleanWrapper(this, "engineAvailable", false);
    private final ObservableList<Point> points = FXCollections.observableArrayList();

    /**
     * The listener a trainer would be given; it must be called on the UI thread (the job adapter hands
     * steps over). Kept so the chart is wired and tested now.
     */
    public TrainingProgressListener chartListener() {
        return (step, loss, lr) -> points.add(new Point(step, loss, lr));
    }

    public ReadOnlyBooleanProperty engineAvailableProperty() {
        return engineAvailable.getReadOnlyProperty();
    }

    public ObservableList<Point> points() {
        return points;
    }

    public ObjectProperty<Strategy> strategyProperty() {
        return strategy;
    }

    public IntegerProperty epochsProperty() {
        return epochs;
    }

    public IntegerProperty batchSizeProperty() {
        return batchSize;
    }

    public IntegerProperty maxSeqLengthProperty() {
        return maxSeqLength;
    }

    public IntegerProperty outputEmbSizeProperty() {
        return outputEmbSize;
    }

    public DoubleProperty learningRateProperty() {
        return learningRate;
    }

    public DoubleProperty warmupProportionProperty() {
        return warmupProportion;
    }

    public DoubleProperty weightDecayProperty() {
        return weightDecay;
    }

    public DoubleProperty marginProperty() {
        return margin;
    }

    public DoubleProperty scaleProperty() {
        return scale;
    }

    public DoubleProperty dropoutProperty() {
        return dropout;
    }

    public BooleanProperty useAmpProperty() {
        return useAmp;
    }
}
