package dev.nsw.cli;

import dev.nsw.encoder.Encoder;
import dev.nsw.encoder.EncoderOptions;
import dev.nsw.encoder.InferenceRuntime;
import dev.nsw.encoder.ModelExport;
import dev.nsw.encoder.Precision;
import dev.nsw.encoder.PretrainedModel;
import dev.nsw.encoder.TextEncoder;
import java.io.IOException;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The options that choose and run an encoder, shared by index, recall and train (recipe flag names). */
public final class ModelOptions {
    @Spec(Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    // The default is the initial value: picocli would apply a defaultValue over what a hidden alias set.
    @Option(
            names = "--model",
            paramLabel = "NAME|DIR",
            description = {
                "Bundled model (bge-small-zh-v1.5, bge-small-en-v1.5) or a model folder, e.g. <save_dir>/model_40",
                "(or the recipe's <save_dir>/model_40/model_state.pdparams)."
            })
    String model = PretrainedModel.BGE_SMALL_ZH_V15.id();

    /** The recipe's spellings (--params_path in recall, predict and export; --model_name_or_path in training). */
    @Option(
            names = {"--params_path", "--model_name_or_path"},
            hidden = true,
            paramLabel = "NAME|DIR")
    void recipeModel(String value) {
        model = value;
    }

    /** Null when not typed: commands that read a corpus then choose it from the corpus ({@link ReadingOptions}). */
    @Option(
            names = "--max_seq_length",
            paramLabel = "N",
            description = {
                "Tokens per text, [CLS]/[SEP] included. When not given: chosen from the corpus's token lengths by the",
                "commands that embed a corpus (recall, index, search, push, serve, embed; the choice and why are printed),",
                "else 64, the recipe's (training, predict, export)."
            })
    Integer maxSeqLength;

    /** The length chosen for the corpus when --max_seq_length was not typed ({@link ReadingOptions#resolve}). */
    Integer chosenMaxSeqLength;

    /** What the encoder reads: the typed length, else the one chosen for the corpus, else the recipe's 64. */
    int effectiveMaxSeqLength() {
        if (maxSeqLength != null) {
            return maxSeqLength;
        }
        return chosenMaxSeqLength != null ? chosenMaxSeqLength : dev.nsw.text.Tokenizer.DEFAULT_MAX_SEQ_LENGTH;
    }

    @Option(
            names = "--encode_batch_size",
            defaultValue = "" + EncoderOptions.DEFAULT_BATCH_SIZE,
            description =
                    "Texts per forward pass when embedding (recall and predict also read the recipe's --batch_size).")
    int encodeBatchSize;

    @Option(
            names = "--output_emb_size",
            defaultValue = "-1",
            description = "Projection size: -1 keeps the model's, 0 none, N a Linear(hidden → N).")
    int outputEmbSize;

    @Option(names = "--threads", defaultValue = "0", description = "PyTorch threads; 0 = all cores.")
    int threads;

    @Option(
            names = "--runtime",
            defaultValue = "auto",
            paramLabel = "auto|onnx|torch",
            description = "What runs inference: onnx (ONNX Runtime), torch (DJL/PyTorch) or auto = onnx, the faster, "
                    + "where it loads. An export folder (nsw export) runs on onnx only.")
    String runtime;

    EncoderOptions encoderOptions() {
        return CliSupport.usage(
                spec,
                "",
                () -> EncoderOptions.defaults()
                        .withMaxSeqLength(effectiveMaxSeqLength())
                        .withBatchSize(encodeBatchSize)
                        .withOutputEmbSize(outputEmbSize)
                        .withThreads(threads));
    }

    /** How to name the model in tables: the bundled name, or the folder (a trained model keeps its base's name inside). */
    String label() {
        return PretrainedModel.byName(model).isPresent()
                ? model
                : java.nio.file.Path.of(model).toString();
    }

    /** Opens the trainable (DJL) encoder; an unknown name is a usage error listing the bundled models. */
    Encoder open() throws IOException {
        checkKnown();
        if (ModelExport.isExport(java.nio.file.Path.of(model))) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    model + " is an ONNX export (inference only): give the model folder it was exported from");
        }
        return Encoder.open(model, encoderOptions());
    }

    /** Usage error (exit 2) unless --model names a bundled model or a model folder; reads nothing. */
    void checkKnown() {
        if (PretrainedModel.byName(model).isEmpty()
                && Encoder.modelFolder(model).isEmpty()) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "unknown model '" + model + "': give a bundled model (" + PretrainedModel.names()
                            + ") or a model folder");
        }
    }

    /**
     * The runtime {@code --runtime} names, after the usage checks of an inference command (unknown model, an
     * export folder asked to run on torch, a bad runtime name: exit 2), without loading anything.
     */
    InferenceRuntime.Choice inferenceRuntime() {
        InferenceRuntime.Choice choice = CliSupport.usage(spec, "", () -> InferenceRuntime.Choice.parse(runtime));
        checkKnown();
        if (ModelExport.isExport(java.nio.file.Path.of(model)) && choice == InferenceRuntime.Choice.TORCH) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), model + " is an ONNX export: it runs with --runtime onnx (or auto), not torch");
        }
        return choice;
    }

    /**
     * {@link #inferenceRuntime()} with the checks of {@code --precision} (exit 2): int8 on torch; a precision given
     * for an export folder made at the other one.
     */
    InferenceRuntime.Choice inferenceRuntime(PrecisionOption precision) throws IOException {
        InferenceRuntime.Choice choice = inferenceRuntime();
        Precision p = precision.precision();
        if (p == Precision.INT8 && choice == InferenceRuntime.Choice.TORCH) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--precision int8 runs on ONNX Runtime only: use --runtime onnx or auto");
        }
        java.nio.file.Path folder = java.nio.file.Path.of(model);
        if (precision.given() && PretrainedModel.byName(model).isEmpty() && ModelExport.isExport(folder)) {
            Precision exported = ModelExport.read(folder).precision();
            if (exported != p) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        model + " is an " + exported + " export: --precision " + p + " needs "
                                + (p == Precision.INT8 ? "an export made with --quantize int8" : "an fp32 export")
                                + " (or the model folder)");
            }
        }
        return choice;
    }

    /** The encoder options at the precision {@code --precision} asks for. */
    EncoderOptions encoderOptions(PrecisionOption precision) {
        return encoderOptions().withPrecision(precision.precision());
    }

    /** The encoder for embedding and search, on the runtime {@code --runtime} asks for ({@link InferenceRuntime}). */
    TextEncoder openForInference() throws IOException {
        return open(encoderOptions(), inferenceRuntime());
    }

    /** {@link #openForInference()} at the precision {@code --precision} asks for. */
    TextEncoder openForInference(PrecisionOption precision) throws IOException {
        return open(encoderOptions(precision), inferenceRuntime(precision));
    }

    private TextEncoder open(EncoderOptions options, InferenceRuntime.Choice choice) throws IOException {
        try {
            return InferenceRuntime.open(model, options, choice);
        } catch (IllegalArgumentException e) {
            if (ModelExport.isExport(java.nio.file.Path.of(model))) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            throw e;
        }
    }
}
