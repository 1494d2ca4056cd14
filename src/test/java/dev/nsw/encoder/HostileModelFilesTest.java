package dev.nsw.encoder;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model folders that were changed, corrupted or crafted are refused with one line naming the file. */
class HostileModelFilesTest {
    @TempDir
    Path dir;

    private Path savedModel() throws Exception {
        Path folder = dir.resolve("model");
        try (Encoder e = TinyModels.encoder(
                3, EncoderOptions.defaults().withMaxSeqLength(16).withOutputEmbSize(EncoderOptions.KEEP))) {
            e.save(folder);
        }
        return folder;
    }

    @Test
    void changedWeightBytesDoNotMatchTheRecordedModelId() throws Exception {
        Path folder = savedModel();
        Path weights = folder.resolve(Encoder.WEIGHTS_FILE);
        byte[] bytes = Files.readAllBytes(weights);
        for (int i = 0; i < 4000; i++) { // flip bytes inside the tensor data (after the header), as the audit did
            int at = bytes.length - 1 - i * 7;
            bytes[at] ^= 0x01;
        }
        Files.write(weights, bytes);
        assertThatThrownBy(() -> Encoder.load(
                        folder, EncoderOptions.defaults().withMaxSeqLength(16).withOutputEmbSize(EncoderOptions.KEEP)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(folder.toString())
                .hasMessageContaining("model_id");
    }

    @Test
    void implausibleConfigSizesAreRefusedBeforeAllocation() throws Exception {
        Path folder = savedModel();
        Path config = folder.resolve(Encoder.CONFIG_FILE);
        Files.writeString(
                config,
                Files.readString(config).replaceFirst("\"vocab_size\"\\s*:\\s*\\d+", "\"vocab_size\": 2000000000"));
        assertThatThrownBy(() -> Encoder.load(folder, EncoderOptions.defaults().withMaxSeqLength(16)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(config.toString())
                .hasMessageContaining("vocab_size 2000000000 is implausible");
    }

    @Test
    void brokenJsonNamesTheFileInOneLine() throws Exception {
        Path folder = savedModel();
        Path config = folder.resolve(Encoder.CONFIG_FILE);
        Files.writeString(config, "{\"vocab_size\": 12,,}");
        assertThatThrownBy(() -> Encoder.load(folder, EncoderOptions.defaults().withMaxSeqLength(16)))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith(config + ": not valid JSON")
                .hasMessageNotContaining("\n")
                .hasMessageNotContaining("Source:");
    }

    /**
     * Found by the re-run audit (docs/AUDIT.md, case 8.2): for an unclosed object Jackson's own message embeds
     * "[Source: REDACTED (...); line: 1, column: 11]"; the line keeps only the position.
     */
    @Test
    void anUnclosedTokenizerJsonNamesTheFileAndPositionsWithoutParserNoise() throws Exception {
        Path folder = savedModel();
        Path tokenizer = folder.resolve("tokenizer.json");
        Files.writeString(tokenizer, "{\"model\": {\n");
        assertThatThrownBy(() -> Encoder.load(folder, EncoderOptions.defaults().withMaxSeqLength(16)))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith(tokenizer + ": not valid JSON: Unexpected end-of-input")
                .hasMessageContaining("start marker at line 1, column 11")
                .hasMessageEndingWith("(line 2, column 1)")
                .hasMessageNotContaining("\n")
                .hasMessageNotContaining("Source:");
    }
}
