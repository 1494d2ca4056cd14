package dev.nsw.cli;

import dev.nsw.encoder.Encoder;
import dev.nsw.encoder.EncoderOptions;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nsw embed}: embeds the lines of a text file into a float32 {@code .npy} matrix [n, d]. */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = "Embed texts (one per line, UTF-8) into a float32 .npy file of shape [lines, dim]; "
                + "row i is line i, L2-normalised. Progress goes to stderr.")
public final class EmbedCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "NAME|FOLDER",
            description = "Bundled model (bge-small-zh-v1.5, bge-small-en-v1.5) or a model folder.")
    String model;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "Texts, one per line.")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "FILE.npy", description = "Where to write the embeddings.")
    Path output;

    @Option(names = "--max_seq_length", defaultValue = "64", description = "Tokens per text, [CLS]/[SEP] included (default: ${DEFAULT-VALUE}).")
    int maxSeqLength;

    @Option(names = "--batch_size", defaultValue = "32", description = "Texts per forward pass (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--output_emb_size", defaultValue = "-1",
            description = "Projection size: -1 keeps the model's (default), 0 = none, N = Linear(hidden -> N).")
    int outputEmbSize;

    @Override
    public Integer call() throws Exception {
        EncoderOptions options = CliSupport.options(spec, maxSeqLength, batchSize, outputEmbSize);
        List<String> texts = CliSupport.readLines(spec, input);
        PrintWriter err = spec.commandLine().getErr();
        try (Encoder encoder = Encoder.open(model, options)) {
            err.printf("embedding %d texts with %s (%s, dim %d)%n", texts.size(), encoder.name(), encoder.modelId(),
                    encoder.dimension());
            long t0 = System.nanoTime();
            float[][] vectors = encoder.embed(texts, CliSupport.progress(err, t0), () -> false);
            double s = (System.nanoTime() - t0) / 1e9;
            writeNpy(output, vectors, encoder.dimension());
            err.printf("%nwrote %d x %d to %s in %.1f s (%.1f texts/s)%n", vectors.length, encoder.dimension(), output, s,
                    vectors.length / s);
        }
        return 0;
    }

    /**
     * Writes a float32 little-endian C-order {@code .npy} (format 1.0) of shape [n, d], atomically.
     * Minimal private helper: {@code dev.nsw.index.NpyFile} is the shared implementation to merge with.
     */
    static void writeNpy(Path file, float[][] rows, int d) throws IOException {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + rows.length + ", " + d + "), }";
        int unpadded = 10 + dict.length() + 1;
        int total = (unpadded + 63) / 64 * 64;
        String header = dict + " ".repeat(total - unpadded) + "\n";
        Path abs = file.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
                out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
                out.write(header.length() & 0xff);
                out.write(header.length() >> 8);
                out.write(header.getBytes(StandardCharsets.US_ASCII));
                ByteBuffer row = ByteBuffer.allocate(4 * d).order(ByteOrder.LITTLE_ENDIAN);
                for (float[] r : rows) {
                    row.clear();
                    row.asFloatBuffer().put(r);
                    out.write(row.array());
                }
            }
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static List<String> lines(List<String> raw) {
        List<String> out = new ArrayList<>(raw);
        if (!out.isEmpty() && out.getFirst().startsWith("\uFEFF")) {
            out.set(0, out.getFirst().substring(1));
        }
        return out;
    }
}
