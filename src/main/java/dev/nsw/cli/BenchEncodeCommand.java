package dev.nsw.cli;

import dev.nsw.encoder.Encoder;
import dev.nsw.encoder.EncoderOptions;
import dev.nsw.encoder.OnnxRuntimeEncoder;
import dev.nsw.encoder.PretrainedModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code nsw bench encode}: sentences per second of the DJL (PyTorch) encoder and of ONNX Runtime on the
 * same bundled model, batch size, sequence length and thread count, in one run, with their ratio (DJL
 * throughput / ONNX Runtime throughput). The two take turns for several rounds; the best round counts.
 */
@Command(
        name = "encode",
        mixinStandardHelpOptions = true,
        description = "Compare encoding speed of the DJL/PyTorch encoder with ONNX Runtime on the same bundled "
                + "model, batch size and threads: the bundled ONNX file and nsw's own export of the model (what "
                + "--runtime onnx runs); prints sentences/s of each and the ratios.")
public final class BenchEncodeCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--model",
            defaultValue = "bge-small-zh-v1.5",
            description = "Bundled model (${COMPLETION-CANDIDATES}).")
    String model;

    @Option(names = "--input", paramLabel = "FILE", description = "Sentences, one per line (default: generated).")
    Path input;

    @Option(names = "--count", defaultValue = "512", description = "Sentences to encode.")
    int count;

    @Option(names = "--batch_size", defaultValue = "32", description = "Batch size.")
    int batchSize;

    @Option(names = "--max_seq_length", defaultValue = "64", description = "Tokens per text.")
    int maxSeqLength;

    @Option(names = "--rounds", defaultValue = "3", description = "Timed rounds; the best is reported.")
    int rounds;

    @Option(names = "--threads", defaultValue = "0", description = "Intra-op threads for both; 0 = all processors.")
    int threads;

    @Override
    public Integer call() throws Exception {
        PretrainedModel bundled = PretrainedModel.byName(model)
                .orElseThrow(() -> new CommandLine.ParameterException(
                        spec.commandLine(),
                        "--model must be a bundled model (" + PretrainedModel.names() + "), got '" + model + "'"));
        if (rounds < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--rounds must be at least 1, got " + rounds);
        }
        if (count < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--count must be at least 1, got " + count);
        }
        EncoderOptions options =
                CliSupport.options(spec, maxSeqLength, batchSize, 0).withThreads(threads);
        List<String> texts = input != null
                ? dev.nsw.data.RecipeFiles.readTexts(input, dev.nsw.data.ReadOptions.STRICT).records().stream()
                        .map(dev.nsw.data.TextLine::text)
                        .toList()
                : generate(count, 7);
        if (texts.size() > count) {
            texts = texts.subList(0, count);
        }
        int n = texts.size();
        int t = options.effectiveThreads();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> warm = texts.subList(0, Math.min(n, batchSize));
        float[][] djl = null;
        float[][] ort = null;
        float[][] exported = null;
        double djlSeconds = Double.MAX_VALUE;
        double ortSeconds = Double.MAX_VALUE;
        double exportSeconds = Double.MAX_VALUE;
        // Both engines stay loaded and take turns, so that load from other processes hits both alike;
        // the best round of each is reported.
        try (Encoder encoder = Encoder.pretrained(bundled, options);
                OnnxRuntimeEncoder reference = OnnxRuntimeEncoder.pretrained(bundled, maxSeqLength, batchSize, t);
                OnnxRuntimeEncoder export = OnnxRuntimeEncoder.of(encoder, t)) {
            encoder.embed(warm);
            reference.embed(warm);
            export.embed(warm);
            for (int round = 1; round <= rounds; round++) {
                long t0 = System.nanoTime();
                djl = encoder.embed(texts);
                long t1 = System.nanoTime();
                ort = reference.embed(texts);
                long t2 = System.nanoTime();
                exported = export.embed(texts);
                long t3 = System.nanoTime();
                djlSeconds = Math.min(djlSeconds, (t1 - t0) / 1e9);
                ortSeconds = Math.min(ortSeconds, (t2 - t1) / 1e9);
                exportSeconds = Math.min(exportSeconds, (t3 - t2) / 1e9);
                err.printf(
                        "round %d/%d: DJL %.2f s, ORT %.2f s, nsw export on ORT %.2f s%n",
                        round, rounds, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9);
                err.flush();
            }
        }
        double minCos = dev.nsw.index.Vectors.minRowCosine(djl, ort);
        double minCosExport = dev.nsw.index.Vectors.minRowCosine(djl, exported);
        out.printf(
                "model %s, %d sentences, batch %d, max_seq_length %d, threads %d%n",
                bundled.id(), n, batchSize, maxSeqLength, t);
        out.printf("best of %d rounds%n", rounds);
        out.printf("DJL/PyTorch   %8.1f sentences/s (%.2f s)%n", n / djlSeconds, djlSeconds);
        out.printf("ONNX Runtime  %8.1f sentences/s (%.2f s)%n", n / ortSeconds, ortSeconds);
        out.printf(
                "nsw export on ONNX Runtime (--runtime onnx) %8.1f sentences/s (%.2f s)%n",
                n / exportSeconds, exportSeconds);
        out.printf("ratio DJL/ORT %8.2f%n", ortSeconds / djlSeconds);
        out.printf("ratio export/ORT %8.2f%n", ortSeconds / exportSeconds);
        out.printf("min cosine DJL vs ORT %.7f%n", minCos);
        out.printf("min cosine DJL vs export %.7f%n", minCosExport);
        out.flush();
        return 0;
    }

    /** Varied Chinese and English sentences of 2 to about 60 characters, reproducible from the seed. */
    static List<String> generate(int n, long seed) {
        String[] zh = {
            "今天", "天气", "怎么样", "北京", "上海", "的高铁", "要多长时间", "如何", "学习", "深度学习", "手机", "怎么截图", "为什么", "天空是蓝色的", "减肥期间",
            "可以吃", "香蕉吗", "推荐", "一部", "好看的电影", "孕妇", "能不能", "喝咖啡", "英雄联盟", "什么英雄最好", "微信", "聊天记录", "删除了", "怎么恢复", "？",
            "，"
        };
        String[] en = {
            "how",
            "do",
            "I",
            "reset",
            "my",
            "password",
            "what",
            "is",
            "the",
            "best",
            "way",
            "to",
            "learn",
            "machine",
            "learning",
            "weather",
            "tomorrow",
            "in",
            "London",
            "cheap",
            "flights",
            "Tokyo",
            "can",
            "dogs",
            "eat",
            "chocolate",
            "?",
            "neural",
            "search",
            "index"
        };
        Random r = new Random(seed);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            StringBuilder sb = new StringBuilder();
            boolean chinese = r.nextInt(4) != 0;
            int parts = 1 + r.nextInt(chinese ? 14 : 20);
            for (int p = 0; p < parts; p++) {
                if (chinese) {
                    sb.append(zh[r.nextInt(zh.length)]);
                } else {
                    sb.append(p == 0 ? "" : " ").append(en[r.nextInt(en.length)]);
                }
            }
            out.add(sb.toString());
        }
        return out;
    }
}
