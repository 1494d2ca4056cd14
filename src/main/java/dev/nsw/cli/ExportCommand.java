package dev.nsw.cli;

import dev.nsw.encoder.Encoder;
import dev.nsw.encoder.EncoderOptions;
import dev.nsw.encoder.ModelExport;
import dev.nsw.encoder.Precision;
import dev.nsw.rank.CrossEncoder;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code nsw export}: the recipe's {@code export_model.py --params_path … --output_path …}. Writes a trained
 * model (or a bundled one) as a folder that runs without nsw: {@code model.onnx}, {@code tokenizer.json},
 * {@code config.json}, {@code nsw-export.json}. A reranker folder is exported as a cross-encoder.
 */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = "Export a model to ONNX (opset 17, dynamic batch and sequence axes): model.onnx whose output "
                + "'embedding' is the L2-normalised sentence embedding (CLS, projection included), tokenizer.json, "
                + "config.json and nsw-export.json. A reranker folder (nsw rank train) is exported as a cross-encoder "
                + "with output 'probability'.")
public final class ExportCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOptions model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    OutputFolder outputFolder;

    /** {@code -o/--output}, required; a group so that the recipe's hidden {@code --output_path} satisfies it too. */
    static final class OutputFolder {
        @Option(
                names = {"-o", "--output"},
                paramLabel = "DIR",
                description = "Folder to write (new, empty, or an earlier export, which is replaced).")
        Path path;

        @Option(names = "--output_path", hidden = true, paramLabel = "DIR")
        void recipeOutput(Path folder) {
            path = folder;
        }
    }

    @Option(
            names = "--quantize",
            paramLabel = "int8",
            description = {
                "int8: quantize the encoder's linear layers (weights int8 per output channel, activations per batch,",
                "run by ONNX Runtime's integer kernels); the export's model id then ends in /int8. Default: fp32."
            })
    String quantize;

    @Override
    public Integer call() throws Exception {
        Path output = outputFolder.path;
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long t0 = System.nanoTime();
        Path folder = Path.of(model.model);
        ModelExport.Metadata meta;
        Precision precision = quantize == null
                ? Precision.FP32
                : CliSupport.usage(spec, "--quantize: ", () -> Precision.parse(quantize));
        if (quantize != null && precision != Precision.INT8) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--quantize takes int8, got '" + quantize + "'");
        }
        if (Files.isDirectory(folder) && CrossEncoder.isReranker(folder)) {
            if (precision != Precision.FP32) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--quantize int8 is for sentence encoders; a reranker exports in fp32");
            }
            EncoderOptions options = model.encoderOptions();
            try (CrossEncoder reranker = CrossEncoder.load(folder, options, 0)) {
                err.printf("exporting reranker %s%n", folder);
                meta = reranker.exportOnnx(output, folder.toString());
            }
        } else {
            try (Encoder encoder = model.open()) {
                err.printf(
                        "exporting %s (%s, dim %d, %s)%n",
                        encoder.name(), encoder.modelId(), encoder.dimension(), precision);
                meta = ModelExport.exportEncoder(encoder, output, model.label(), precision);
            }
        }
        long bytes = Files.size(output.resolve(ModelExport.ONNX_FILE));
        out.printf(
                "wrote %s: %s, %s, %s, output %s [batch, %d], max_seq_length %d, %.1f MB, %.1f s%n",
                output,
                meta.kind().label(),
                meta.precision(),
                meta.modelId(),
                meta.kind() == ModelExport.Kind.SENTENCE_ENCODER ? "embedding" : "probability",
                meta.dimension(),
                meta.maxSeqLength(),
                bytes / 1e6,
                (System.nanoTime() - t0) / 1e9);
        return 0;
    }
}
