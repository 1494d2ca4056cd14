package dev.nsw.cli;

import dev.nsw.encoder.Encoder;
import dev.nsw.encoder.EncoderOptions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code nsw predict}: cosine similarity of each text pair in a TSV file, one per line on stdout, like the
 * recipe's {@code predict.py}.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Print the cosine similarity of each pair (text_a<TAB>text_b[<TAB>ignored...]) of a TSV "
                + "file, one number per line on stdout; progress on stderr.")
public final class PredictCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "NAME|FOLDER",
            description = "Bundled model (bge-small-zh-v1.5, bge-small-en-v1.5) or a model folder.")
    String model;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "Pairs, tab-separated, one per line.")
    java.nio.file.Path input;

    @Option(names = "--max_seq_length", defaultValue = "64", description = "Tokens per text (default: ${DEFAULT-VALUE}).")
    int maxSeqLength;

    @Option(names = "--batch_size", defaultValue = "32", description = "Texts per forward pass (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--output_emb_size", defaultValue = "-1",
            description = "Projection size: -1 keeps the model's (default), 0 = none, N = Linear(hidden -> N).")
    int outputEmbSize;

    @Override
    public Integer call() throws Exception {
        EncoderOptions options = CliSupport.options(spec, maxSeqLength, batchSize, outputEmbSize);
        List<String> lines = CliSupport.readLines(spec, input);
        List<String[]> pairs = new ArrayList<>();
        Map<String, Integer> unique = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String[] cols = lines.get(i).split("\t", -1);
            if (cols.length < 2) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        input + ":" + (i + 1) + ": expected two tab-separated texts, found " + cols.length + " column");
            }
            pairs.add(new String[] {cols[0], cols[1]});
            unique.putIfAbsent(cols[0], unique.size());
            unique.putIfAbsent(cols[1], unique.size());
        }
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        try (Encoder encoder = Encoder.open(model, options)) {
            long t0 = System.nanoTime();
            float[][] v = encoder.embed(new ArrayList<>(unique.keySet()), CliSupport.progress(err, t0), () -> false);
            err.println();
            for (String[] p : pairs) {
                float[] a = v[unique.get(p[0])];
                float[] b = v[unique.get(p[1])];
                double dot = 0;
                for (int j = 0; j < a.length; j++) {
                    dot += (double) a[j] * b[j];
                }
                out.println((float) dot);
            }
            out.flush();
        }
        return 0;
    }
}
