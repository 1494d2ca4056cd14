package dev.nsw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncoderCommandsTest {
    @TempDir
    static Path dir;

    static Path model;

    /** A tiny random BERT over the bge-small-zh vocabulary, saved as a model folder. */
    @BeforeAll
    static void tinyModel() throws Exception {
        model = dev.nsw.encoder.TinyModels.savedModel(dir.resolve("tiny"), 1);
    }

    @Test
    void embedWritesAnNpyMatrixRowPerNonBlankLine() throws Exception {
        Path in = dir.resolve("texts.txt");
        Files.write(in, List.of("\uFEFF今天天气怎么样", "How are you?", "", "明天会下雨吗"), StandardCharsets.UTF_8);
        Path npy = dir.resolve("out").resolve("e.npy");
        CliRun r = CliRun.of(
                "embed",
                "--model",
                model.toString(),
                "--input",
                in.toString(),
                "--output",
                npy.toString(),
                "--output_emb_size",
                "8",
                "--encode_batch_size",
                "2");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("3/3").contains("wrote 3 x 8"); // the blank line is skipped, as in corpus files
        byte[] bytes = Files.readAllBytes(npy);
        assertThat(new String(bytes, 1, 5, StandardCharsets.US_ASCII)).isEqualTo("NUMPY");
        int headerLen = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
        String header = new String(bytes, 10, headerLen, StandardCharsets.US_ASCII);
        assertThat(header)
                .contains("'descr': '<f4'")
                .contains("'shape': (3, 8)")
                .endsWith("\n");
        assertThat((10 + headerLen) % 64).isZero();
        assertThat(bytes.length).isEqualTo(10 + headerLen + 3 * 4 * 8);
        ByteBuffer data = ByteBuffer.wrap(bytes, 10 + headerLen, 32).order(ByteOrder.LITTLE_ENDIAN);
        double norm = 0;
        for (int i = 0; i < 8; i++) {
            float v = data.getFloat();
            norm += v * v;
        }
        assertThat(norm).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
    }

    @Test
    void predictPrintsOneCosinePerPair() throws Exception {
        Path in = dir.resolve("pairs.tsv");
        Files.write(in, List.of("今天天气怎么样\t今天天气怎么样\t1", "今天天气怎么样\t明天会下雨吗", "a\tb"), StandardCharsets.UTF_8);
        CliRun r = CliRun.of("predict", "--model", model.toString(), "--input", in.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(Double.parseDouble(lines.get(0))).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        for (String line : lines) {
            assertThat(Double.parseDouble(line)).isBetween(-1.0001, 1.0001);
        }
    }

    @Test
    void badDataExitsWithOneAndBadUsageWithTwo() throws Exception {
        Path pairs = dir.resolve("bad.tsv");
        Files.write(pairs, List.of("a\tb", "only one column"), StandardCharsets.UTF_8);
        CliRun r = CliRun.of("predict", "--model", model.toString(), "--input", pairs.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("bad.tsv:2").contains("two tab-separated texts");

        CliRun missing = CliRun.of(
                "embed",
                "--model",
                model.toString(),
                "--input",
                dir.resolve("nope.txt").toString(),
                "--output",
                dir.resolve("x.npy").toString());
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("nope.txt");

        CliRun batch = CliRun.of(
                "embed",
                "--model",
                model.toString(),
                "--input",
                pairs.toString(),
                "--output",
                dir.resolve("x.npy").toString(),
                "--encode_batch_size",
                "0");
        assertThat(batch.exit()).isEqualTo(2);
        assertThat(batch.err()).contains("batch_size").contains("got 0");

        CliRun bench = CliRun.of("bench", "encode", "--model", "no-such-model");
        assertThat(bench.exit()).isEqualTo(2);
        assertThat(bench.err()).contains("no-such-model").contains("bge-small-zh-v1.5");
    }

    @Test
    void mapWritesPngSvgAndCsvOfTheSampleBeforeAndAfterOnOneBasis() throws Exception {
        Path out = dir.resolve("map");
        Path npy = dir.resolve("map-corpus.npy");
        CliRun r = CliRun.of(
                "map",
                "--model",
                model.toString(),
                "--after",
                model.toString(),
                "--similar_text_pair",
                "sample-data/zh/test.csv",
                "--corpus",
                "sample-data/zh/corpus.csv",
                "--output",
                out.toString(),
                "--corpus_embeddings",
                npy.toString());
        assertThat(npy).exists();
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("the same PCA basis as").contains("all 60 queries and 330 documents");
        List<String> before = Files.readAllLines(out.resolve("map-before.csv"));
        List<String> after = Files.readAllLines(out.resolve("map-after.csv"));
        assertThat(before).hasSize(2 + 60 + 330);
        // the same model on the same basis: the same coordinates
        assertThat(after.subList(1, after.size())).isEqualTo(before.subList(1, before.size()));
        assertThat(Files.size(out.resolve("map.png"))).isPositive();
        assertThat(Files.readString(out.resolve("map.svg"))).startsWith("<svg").contains("before: ", "after: ");

        CliRun bad = CliRun.of(
                "map",
                "--model",
                model.toString(),
                "--after",
                "no-such-model",
                "--similar_text_pair",
                "sample-data/zh/test.csv",
                "--corpus",
                "sample-data/zh/corpus.csv",
                "--output",
                out.toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("no-such-model");
    }

    @Test
    void benchEncodeReportsFp32AndInt8AgainstTheFloor() throws Exception {
        CliRun r = CliRun.of(
                "bench",
                "encode",
                "--model",
                model.toString(),
                "--count",
                "12",
                "--max_seq_lengths",
                "16,32",
                "--batch_sizes",
                "4",
                "--threads",
                "1",
                "--rounds",
                "1");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("peak, 1 thread(s): fp32 pytorch-matmul")
                .contains("onnxruntime-matmul")
                .contains("peak, 1 thread(s): int8 onnxruntime-matmul-int8")
                .containsPattern("onnx-fp32 +16 +4 +1 ")
                .containsPattern("onnx-int8 +32 +4 +1 ")
                .contains("load average");
        // the first variant is the cosine baseline of the others
        assertThat(r.out()).containsPattern("onnx-fp32 .* 1\\.000000 +1\\.000000 ");

        CliRun anchorless = CliRun.of("bench", "encode", "--model", model.toString(), "--variants", "anchor-int8");
        assertThat(anchorless.exit()).isEqualTo(2);
        assertThat(anchorless.err()).contains("needs --anchor FILE");
    }

    @Test
    void generatedBenchSentencesAreVariedAndReproducible() {
        List<String> a = BenchEncodeCommand.generate(200, 7);
        assertThat(a).isEqualTo(BenchEncodeCommand.generate(200, 7));
        assertThat(a.stream().distinct().count()).isGreaterThan(190);
        assertThat(a.stream().mapToInt(String::length).max().orElse(0)).isGreaterThan(30);
        assertThat(a).anyMatch(s -> s.matches(".*[a-z].*")).anyMatch(s -> s.matches(".*[\\u4e00-\\u9fff].*"));
    }
}
