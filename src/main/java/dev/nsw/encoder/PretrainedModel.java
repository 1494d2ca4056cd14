package dev.nsw.encoder;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The pretrained encoders bundled on the class path (fp32 ONNX + {@code tokenizer.json} from the
 * langchain4j embedding jars), by name.
 */
public enum PretrainedModel {
    /** BAAI bge-small-zh-v1.5: 4 layers, hidden 512, 8 heads, FFN 2048, vocab 21128. */
    BGE_SMALL_ZH_V15("bge-small-zh-v1.5", 8),
    /** BAAI bge-small-en-v1.5: 12 layers, hidden 384, 12 heads, FFN 1536, vocab 30522. */
    BGE_SMALL_EN_V15("bge-small-en-v1.5", 12);

    private final String id;
    private final int numAttentionHeads;

    PretrainedModel(String id, int numAttentionHeads) {
        this.id = id;
        this.numAttentionHeads = numAttentionHeads;
    }

    /** The name users type, e.g. {@code bge-small-zh-v1.5}. */
    public String id() {
        return id;
    }

    /** Heads per layer, used when the ONNX graph does not reveal it. */
    public int numAttentionHeads() {
        return numAttentionHeads;
    }

    /** Class path resource of the fp32 ONNX model. */
    public String onnxResource() {
        return id + ".onnx";
    }

    /** Class path resource of the {@code tokenizer.json}. */
    public String tokenizerResource() {
        return id + "-tokenizer.json";
    }

    /** Opens the ONNX model; the caller closes the stream. */
    public InputStream openOnnx() throws IOException {
        return open(onnxResource());
    }

    /** Opens the {@code tokenizer.json}; the caller closes the stream. */
    public InputStream openTokenizer() throws IOException {
        return open(tokenizerResource());
    }

    private static InputStream open(String resource) throws IOException {
        InputStream in = PretrainedModel.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IOException("bundled model resource '" + resource + "' is not on the class path");
        }
        return in;
    }

    /** The bundled model with this name (case-insensitive; {@code v15} accepted for {@code v1.5}). */
    public static Optional<PretrainedModel> byName(String name) {
        String n = name.toLowerCase(Locale.ROOT).replace("v15", "v1.5");
        return Arrays.stream(values()).filter(m -> m.id.equals(n)).findFirst();
    }

    /** The names of all bundled models, comma-separated, for messages. */
    public static String names() {
        return Arrays.stream(values()).map(PretrainedModel::id).collect(Collectors.joining(", "));
    }
}
