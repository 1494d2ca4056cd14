package dev.nsw.train;

import java.util.Locale;

/** The recipe's training stages. */
public enum Strategy {
    /** Supervised in-batch negatives on (query, similar text) pairs; margin 0.2, scale 30. */
    INBATCH,
    /** Unsupervised SimCSE on one text a line; margin 0, scale 20, dropout as the noise. */
    SIMCSE,
    /** Domain-adaptive masked-language-model pre-training on one text a line. */
    MLM;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The recipe's defaults for this stage. */
    public TrainingConfig defaults() {
        return switch (this) {
            case INBATCH -> TrainingConfig.inBatchDefaults();
            case SIMCSE -> TrainingConfig.simcseDefaults();
            case MLM -> TrainingConfig.inBatchDefaults().withMarginScale(0f, 1f).withEpochs(1);
        };
    }

    /**
     * The recipe-layout file this stage trains on in a workspace: {@code train.csv} (pairs) for in-batch,
     * {@code train_unsupervise.csv} (one text a line) for SimCSE and MLM.
     */
    public String workspaceTrainFile() {
        return usesPairs() ? "train.csv" : "train_unsupervise.csv";
    }

    /** Whether the training file holds pairs (else one text a line). */
    public boolean usesPairs() {
        return this == INBATCH;
    }
}
