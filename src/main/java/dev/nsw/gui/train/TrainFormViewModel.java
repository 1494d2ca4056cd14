package dev.nsw.gui.train;

import dev.nsw.encoder.EncoderOptions;
import dev.nsw.encoder.PretrainedModel;
import dev.nsw.gui.ModelChoice;
import dev.nsw.gui.WorkbenchModel;
import dev.nsw.train.TrainingConfig;
import dev.nsw.workspace.RunLayout;
import java.nio.file.Path;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.ObservableList;

/**
 * The Train panel's form: the strategy, the base model and the recipe's hyper-parameters, turned into the
 * {@link TrainingConfig} and {@link EncoderOptions} the core takes. Choosing a strategy loads its recipe
 * defaults; {@link #apply(RunLayout.Settings)} loads the settings a run started with, for Resume.
 */
public final class TrainFormViewModel {
    /**
     * The core {@link dev.nsw.train.Strategy} with a title for the form: views may not see core types
     * (ArchitectureTest), so this is their presentation; every rule stays in the core enum.
     */
    public enum Strategy {
        IN_BATCH_NEGATIVES("In-batch negatives (pairs)", dev.nsw.train.Strategy.INBATCH),
        SIMCSE("SimCSE (unlabelled text)", dev.nsw.train.Strategy.SIMCSE),
        ERNIE_SEARCH_MLM("MLM pre-training (domain)", dev.nsw.train.Strategy.MLM);

        private final String title;
        private final dev.nsw.train.Strategy core;

        Strategy(String title, dev.nsw.train.Strategy core) {
            this.title = title;
            this.core = core;
        }

        public dev.nsw.train.Strategy core() {
            return core;
        }

        /** The workspace file this strategy trains on. */
        public String trainFile() {
            return core.workspaceTrainFile();
        }

        /** The form's entry for a core strategy. */
        static Strategy of(dev.nsw.train.Strategy core) {
            for (Strategy s : values()) {
                if (s.core == core) {
                    return s;
                }
            }
            throw new IllegalArgumentException("no form entry for " + core);
        }

        @Override
        public String toString() {
            return title;
        }
    }

    private final WorkbenchModel model;
    private final ObjectProperty<Strategy> strategy =
            new SimpleObjectProperty<>(this, "strategy", Strategy.IN_BATCH_NEGATIVES);
    private final ObjectProperty<ModelChoice> baseModel = new SimpleObjectProperty<>(this, "baseModel");
    private final IntegerProperty epochs = new SimpleIntegerProperty(this, "epochs", 3);
    private final IntegerProperty batchSize = new SimpleIntegerProperty(this, "batchSize", 64);
    private final IntegerProperty maxSeqLength = new SimpleIntegerProperty(this, "maxSeqLength", 64);
    private final IntegerProperty outputEmbSize = new SimpleIntegerProperty(this, "outputEmbSize", 256);
    private final DoubleProperty learningRate = new SimpleDoubleProperty(this, "learningRate", 5e-5);
    private final DoubleProperty warmupProportion = new SimpleDoubleProperty(this, "warmupProportion", 0.0);
    private final DoubleProperty weightDecay = new SimpleDoubleProperty(this, "weightDecay", 0.0);
    private final DoubleProperty margin = new SimpleDoubleProperty(this, "margin", 0.2);
    private final DoubleProperty scale = new SimpleDoubleProperty(this, "scale", 30);
    private final IntegerProperty maxSteps = new SimpleIntegerProperty(this, "maxSteps", 0);
    private final IntegerProperty trainLimit = new SimpleIntegerProperty(this, "trainLimit", 0);
    /**
     * The workbench trains a batch {@value #MEMORY_CHUNK} texts at a time (GradCache: the same gradients as the whole
     * batch at once, ~30 % more compute): a batch of 32 pairs through BERT holds over 1 GB of activations, which
     * would take a session past its memory bound. 0 trains the whole batch at once, as {@code nsw train} does.
     */
    private final IntegerProperty gradientCacheChunk =
            new SimpleIntegerProperty(this, "gradientCacheChunk", MEMORY_CHUNK);

    /** Texts a training batch is embedded at a time in the workbench (its default {@code grad_cache_chunk}). */
    public static final int MEMORY_CHUNK = 8;

    public TrainFormViewModel(WorkbenchModel model) {
        this.model = model;
        baseModel.set(
                model.catalogue().models().isEmpty()
                        ? null
                        : model.catalogue().models().getFirst());
        strategy.addListener((o, old, now) -> {
            if (now != null) {
                TrainingConfig d = now.core().defaults();
                epochs.set(d.epochs());
                margin.set(d.margin());
                scale.set(d.scale());
            }
        });
    }

    /** The hyper-parameters as the core takes them. */
    public TrainingConfig config() {
        TrainingConfig c = strategy.get()
                .core()
                .defaults()
                .withEpochs(epochs.get())
                .withBatchSize(batchSize.get())
                .withLearningRate(learningRate.get())
                .withWarmupProportion(warmupProportion.get())
                .withWeightDecay((float) weightDecay.get())
                .withMaxSteps(maxSteps.get())
                .withGradientCacheChunk(gradientCacheChunk.get() >= batchSize.get() ? 0 : gradientCacheChunk.get());
        return strategy.get().core() == dev.nsw.train.Strategy.MLM
                ? c
                : c.withMarginScale((float) margin.get(), (float) scale.get());
    }

    public EncoderOptions encoderOptions() {
        return EncoderOptions.defaults().withMaxSeqLength(maxSeqLength.get()).withOutputEmbSize(outputEmbSize.get());
    }

    /**
     * Sets the form to the settings a run was started with ({@code run.json}: its strategy, config, base model,
     * max_seq_length and output_emb_size), so that Resume continues that run and not the form's values.
     */
    void apply(RunLayout.Settings r) {
        r.strategy().map(Strategy::of).ifPresent(strategy::set);
        r.configInt("epochs").ifPresent(epochs::set);
        r.configInt("batchSize").ifPresent(batchSize::set);
        r.configDouble("learningRate").ifPresent(learningRate::set);
        r.configDouble("warmupProportion").ifPresent(warmupProportion::set);
        r.configDouble("weightDecay").ifPresent(weightDecay::set);
        r.configDouble("margin").ifPresent(margin::set);
        r.configDouble("scale").ifPresent(scale::set);
        r.configInt("maxSteps").ifPresent(maxSteps::set);
        r.configInt("gradientCacheChunk").ifPresent(gradientCacheChunk::set);
        r.settingInt("max_seq_length").ifPresent(maxSeqLength::set);
        r.settingInt("output_emb_size").ifPresent(outputEmbSize::set);
        r.settingText("base_model").ifPresent(spec -> {
            ModelChoice m = model.catalogue().models().stream()
                    .filter(x -> x.spec().equals(spec))
                    .findFirst()
                    .orElseGet(() -> PretrainedModel.byName(spec)
                            .map(ModelChoice::bundled)
                            .orElseGet(() -> ModelChoice.folder(Path.of(spec), model.workspaceFolder("."))));
            baseModel.set(model.catalogue().add(m));
        });
    }

    public ObservableList<ModelChoice> models() {
        return model.catalogue().models();
    }

    public ObjectProperty<Strategy> strategyProperty() {
        return strategy;
    }

    public ObjectProperty<ModelChoice> baseModelProperty() {
        return baseModel;
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

    public IntegerProperty maxStepsProperty() {
        return maxSteps;
    }

    /** {@code grad_cache_chunk}: texts embedded at a time in a training step, 0 = the whole batch. */
    public IntegerProperty gradientCacheChunkProperty() {
        return gradientCacheChunk;
    }

    public IntegerProperty trainLimitProperty() {
        return trainLimit;
    }
}
