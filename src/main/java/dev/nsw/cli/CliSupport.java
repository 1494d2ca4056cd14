package dev.nsw.cli;

import dev.nsw.encoder.EncodeListener;
import dev.nsw.encoder.EncoderOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;

/** Small helpers shared by the encoder commands: option validation, input reading, progress lines. */
final class CliSupport {
    private CliSupport() {}

    /** Encoder options from command-line values; a bad value is a usage error (exit 2) naming it. */
    static EncoderOptions options(CommandLine.Model.CommandSpec spec, int maxSeqLength, int batchSize,
            int outputEmbSize) {
        try {
            return EncoderOptions.defaults().withMaxSeqLength(maxSeqLength).withBatchSize(batchSize)
                    .withOutputEmbSize(outputEmbSize);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** All lines of a UTF-8 file (a leading byte-order mark removed); a missing file is a usage error. */
    static List<String> readLines(CommandLine.Model.CommandSpec spec, Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "input file not found: " + file);
        }
        return EmbedCommand.lines(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    /** A listener that rewrites one progress line on stderr at most every half second, with rate and ETA. */
    static EncodeListener progress(PrintWriter err, long startNanos) {
        long[] last = {0};
        return (done, total) -> {
            long now = System.nanoTime();
            if (done < total && now - last[0] < 500_000_000L) {
                return;
            }
            last[0] = now;
            double s = Math.max(1e-9, (now - startNanos) / 1e9);
            double rate = done / s;
            double eta = rate > 0 ? (total - done) / rate : 0;
            err.printf("\r%d/%d texts (%.1f/s, ETA %.0f s)   ", done, total, rate, eta);
            err.flush();
        };
    }
}
