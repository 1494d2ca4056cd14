package dev.nsw.cli;

import dev.nsw.encoder.Precision;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --precision fp32|int8}: what inference runs in, for the commands that embed (one mixin for all of them). */
public final class PrecisionOption {
    @Spec(Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--precision",
            paramLabel = "fp32|int8",
            description = {
                "What inference runs in: fp32, or int8 = the encoder's linear layers quantized (dynamic int8, on ONNX",
                "Runtime only: --runtime onnx or auto). int8 has its own model id, so an index or embedding cache made",
                "at fp32 is not read at int8. Not given: fp32, or the precision an export folder was exported with."
            })
    String value;

    /** The precision asked for; fp32 when none was. A bad value is a usage error (exit 2). */
    Precision precision() {
        return value == null ? Precision.FP32 : CliSupport.usage(spec, "--precision: ", () -> Precision.parse(value));
    }

    /** Whether {@code --precision} was given (an export folder otherwise runs at its own precision). */
    boolean given() {
        return value != null;
    }
}
