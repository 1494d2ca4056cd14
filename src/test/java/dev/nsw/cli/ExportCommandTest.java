package dev.nsw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nsw.io.NpyFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nsw export} with the recipe's flags, and {@code --runtime onnx|torch} giving the same vectors. */
class ExportCommandTest {
    @TempDir
    static Path dir;

    static Path model;
    static Path texts;

    /** A tiny random BERT with a projection of 8, saved as a model folder like a training run's final/. */
    @BeforeAll
    static void tinyModel() throws Exception {
        model = dev.nsw.encoder.TinyModels.savedModel(dir.resolve("checkpoints/recall/model_40"), 2, 8);
        texts = dir.resolve("texts.txt");
        Files.write(texts, List.of("今天天气怎么样", "How are you?", "明天会下雨吗", "北京到上海的高铁要多长时间"), StandardCharsets.UTF_8);
    }

    private static float[][] embed(String modelArg, String runtime, String name) throws Exception {
        Path npy = dir.resolve(name + ".npy");
        CliRun r = CliRun.of(
                "embed",
                "--model",
                modelArg,
                "--runtime",
                runtime,
                "--input",
                texts.toString(),
                "--output",
                npy.toString(),
                "--threads",
                "1");
        assertThat(r.exit()).as(r.err()).isZero();
        return NpyFile.read(npy);
    }

    @Test
    void recipeExportLineWritesARunnableFolder() throws Exception {
        Path output = dir.resolve("output");
        CliRun r = CliRun.of("export", "--model", model.toString(), "--output", output.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("sentence-encoder").contains("[batch, 8]");
        for (String f : new String[] {"model.onnx", "tokenizer.json", "config.json", "nsw-export.json"}) {
            assertThat(output.resolve(f)).isRegularFile();
        }
        // the export folder's mode follows the umask, like a folder the user makes beside it
        Path control = Files.createDirectory(dir.resolve("control"));
        assertThat(Files.getPosixFilePermissions(output)).isEqualTo(Files.getPosixFilePermissions(control));
        float[][] torch = embed(model.toString(), "torch", "torch");
        float[][] onnxFromFolder = embed(model.toString(), "onnx", "onnx-folder");
        float[][] onnxFromExport = embed(output.toString(), "auto", "onnx-export");
        assertThat(torch[0]).hasSize(8);
        assertThat(dev.nsw.index.Vectors.minRowCosine(torch, onnxFromFolder)).isGreaterThanOrEqualTo(0.9999);
        assertThat(dev.nsw.index.Vectors.minRowCosine(torch, onnxFromExport)).isGreaterThanOrEqualTo(0.9999);
    }

    @Test
    void exportFolderRefusesTorchAndTraining() throws Exception {
        Path output = dir.resolve("output2");
        assertThat(CliRun.of("export", "--model", model.toString(), "--output", output.toString())
                        .exit())
                .isZero();
        CliRun torch = CliRun.of(
                "embed",
                "--model",
                output.toString(),
                "--runtime",
                "torch",
                "--input",
                texts.toString(),
                "--output",
                dir.resolve("x.npy").toString());
        assertThat(torch.exit()).isEqualTo(2);
        assertThat(torch.err()).contains("ONNX export");
        CliRun bad = CliRun.of(
                "embed",
                "--model",
                model.toString(),
                "--runtime",
                "tensorflow",
                "--input",
                texts.toString(),
                "--output",
                dir.resolve("x.npy").toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--runtime must be auto, onnx or torch");
    }

    @Test
    void exportRefusesAFolderOfTheUsers() throws Exception {
        Path mine = dir.resolve("mine");
        Files.createDirectories(mine);
        Files.writeString(mine.resolve("notes.txt"), "mine");
        CliRun r = CliRun.of("export", "--model", model.toString(), "--output", mine.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("refusing to write into").contains("not an nsw export");
        assertThat(Files.readString(mine.resolve("notes.txt"))).isEqualTo("mine");
    }

    @Test
    void anExportWhoseModelFileWasSwappedIsRefusedInOneLine() throws Exception {
        Path other = dev.nsw.encoder.TinyModels.savedModel(dir.resolve("other-model"), 5, 8);
        Path a = dir.resolve("swap-a");
        Path b = dir.resolve("swap-b");
        assertThat(CliRun.of("export", "--params_path", model.toString(), "--output_path", a.toString())
                        .exit())
                .isZero();
        assertThat(CliRun.of("export", "--params_path", other.toString(), "--output_path", b.toString())
                        .exit())
                .isZero();
        Files.copy(b.resolve("model.onnx"), a.resolve("model.onnx"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        CliRun r = CliRun.of(
                "embed",
                "--params_path",
                a.toString(),
                "--input",
                texts.toString(),
                "--output",
                dir.resolve("swapped.npy").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip())
                .contains(a.resolve("model.onnx") + " is not the model file nsw-export.json was written for")
                .doesNotContain("\n");
        assertThat(dir.resolve("swapped.npy")).doesNotExist();
    }
}
