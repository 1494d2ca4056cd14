package dev.nsw.encoder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nsw.io.AtomicFiles;
import dev.nsw.io.NamedTensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * An exported model folder: {@value #ONNX_FILE} (the whole model as a static ONNX graph, see
 * {@link OnnxExport}), {@value Encoder#TOKENIZER_FILE}, {@value Encoder#CONFIG_FILE} and
 * {@value #META_FILE} (what the graph computes and where it came from). It needs nothing of nsw to run.
 *
 * <p>The folder is assembled beside the target and moved into place; an existing export is replaced, an
 * empty folder is used, anything else is refused so no file of the user's is overwritten.
 *
 * <p>The graph is bound to its metadata as a model folder's weights are bound to its {@code model_id}:
 * {@value #META_FILE} records the SHA-256 of {@value #ONNX_FILE} ({@code onnx_sha256}), and opening an export
 * whose file has another hash is refused ({@link #verify}), so a model file copied in from another export
 * never runs under this one's id. Exports written before the hash was recorded have no {@code onnx_sha256}
 * and are opened unchecked.
 */
public final class ModelExport {
    public static final String ONNX_FILE = "model.onnx";
    public static final String META_FILE = "nsw-export.json";
    public static final String FORMAT = "nsw-export/1";

    /** What an export holds: a sentence encoder (output {@code embedding}) or a cross-encoder ({@code probability}). */
    public enum Kind {
        SENTENCE_ENCODER("sentence-encoder"),
        CROSS_ENCODER("cross-encoder");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        static Kind of(String label) throws IOException {
            for (Kind k : values()) {
                if (k.label.equals(label)) {
                    return k;
                }
            }
            throw new IOException("unknown export kind '" + label + "'");
        }
    }

    /**
     * The content of {@value #META_FILE}.
     *
     * @param modelId the source model's {@link Encoder#modelId()}: vectors from the export match an index built
     *     with the source model
     * @param dimension output size D (1 for a cross-encoder)
     * @param precision fp32, or int8 for a quantized export (its {@code modelId} then says so too)
     * @param onnxSha256 hex SHA-256 of {@value #ONNX_FILE}, or {@code null} for an export made before it was
     *     recorded
     */
    public record Metadata(
            Kind kind,
            String name,
            String modelId,
            String source,
            int maxSeqLength,
            String pooling,
            int hiddenSize,
            int outputEmbSize,
            int dimension,
            Precision precision,
            String onnxSha256) {

        Metadata withOnnxSha256(String sha) {
            return new Metadata(
                    kind,
                    name,
                    modelId,
                    source,
                    maxSeqLength,
                    pooling,
                    hiddenSize,
                    outputEmbSize,
                    dimension,
                    precision,
                    sha);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelExport() {}

    /** Exports a sentence encoder (its weights, projection and tokenizer) to {@code folder} in fp32. */
    public static Metadata exportEncoder(Encoder encoder, Path folder, String source) throws IOException {
        return exportEncoder(encoder, folder, source, Precision.FP32);
    }

    /**
     * Exports a sentence encoder to {@code folder} at {@code precision} ({@link Precision#INT8}: its linear
     * layers quantized, see {@link OnnxExport}). The graph is streamed to the file from the encoder's weights.
     */
    public static Metadata exportEncoder(Encoder encoder, Path folder, String source, Precision precision)
            throws IOException {
        BertConfig config = encoder.config();
        Metadata meta = new Metadata(
                Kind.SENTENCE_ENCODER,
                encoder.name(),
                precision.qualify(encoder.modelId()),
                source,
                encoder.options().maxSeqLength(),
                "cls",
                config.hiddenSize(),
                config.outputEmbSize(),
                config.embeddingSize(),
                precision,
                null);
        OnnxModelWriter graph =
                OnnxExport.embeddingGraph(config, WeightImport.lazy(encoder.block()), precision, onnxMetadata(meta));
        return write(folder, meta, graph, OnnxExport.EMBEDDING_GRAPH_NAME, encoder);
    }

    /**
     * Exports a cross-encoder: {@code encoder} is its BERT (no projection), {@code classifierWeight} [1, H] and
     * {@code classifierBias} [1] its head.
     */
    public static Metadata exportCrossEncoder(
            Encoder encoder, NamedTensor classifierWeight, NamedTensor classifierBias, Path folder, String source)
            throws IOException {
        BertConfig config = encoder.config();
        Metadata meta = new Metadata(
                Kind.CROSS_ENCODER,
                encoder.name(),
                encoder.modelId(),
                source,
                encoder.options().maxSeqLength(),
                "cls",
                config.hiddenSize(),
                0,
                1,
                Precision.FP32,
                null);
        OnnxModelWriter graph = OnnxExport.relevanceGraph(
                config, WeightImport.lazy(encoder.block()), classifierWeight, classifierBias, onnxMetadata(meta));
        return write(folder, meta, graph, OnnxExport.RELEVANCE_GRAPH_NAME, encoder);
    }

    /** Whether {@code folder} holds an export (a {@value #META_FILE} and a {@value #ONNX_FILE}). */
    public static boolean isExport(Path folder) {
        return Files.isRegularFile(folder.resolve(META_FILE)) && Files.isRegularFile(folder.resolve(ONNX_FILE));
    }

    /** Reads {@value #META_FILE} of an export folder. */
    public static Metadata read(Path folder) throws IOException {
        Path file = folder.resolve(META_FILE);
        JsonNode n = JSON.readTree(file.toFile());
        if (n == null || !FORMAT.equals(n.path("format").asText())) {
            throw new IOException(file + ": not an nsw export (format should be " + FORMAT + ")");
        }
        for (String field : new String[] {"kind", "model_id", "max_seq_length", "dimension"}) {
            if (!n.has(field)) {
                throw new IOException(file + ": lacks field '" + field + "'");
            }
        }
        Precision precision;
        try {
            precision = Precision.parse(n.path("precision").asText("fp32"));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        String sha = n.path("onnx_sha256").isTextual() ? n.path("onnx_sha256").asText() : null;
        return new Metadata(
                Kind.of(n.path("kind").asText()),
                n.path("name").asText(folder.getFileName().toString()),
                n.path("model_id").asText(),
                n.path("source").asText(""),
                n.path("max_seq_length").asInt(),
                n.path("pooling").asText("cls"),
                n.path("hidden_size").asInt(),
                n.path("output_emb_size").asInt(),
                n.path("dimension").asInt(),
                precision,
                sha);
    }

    /**
     * Checks that {@value #ONNX_FILE} is the file {@value #META_FILE} was written with (its SHA-256); an export
     * without a recorded hash passes.
     *
     * @throws IOException one line naming the file, both hashes and what to do
     */
    public static void verify(Path folder, Metadata meta) throws IOException {
        if (meta.onnxSha256() == null) {
            return;
        }
        Path onnx = folder.resolve(ONNX_FILE);
        String found = sha256(onnx);
        if (!found.equalsIgnoreCase(meta.onnxSha256())) {
            throw new IOException(onnx + " is not the model file " + META_FILE + " was written for (SHA-256 "
                    + abbreviate(found) + ", recorded " + abbreviate(meta.onnxSha256()) + " for " + meta.modelId()
                    + "): it was replaced or changed; export the model again");
        }
    }

    private static String abbreviate(String hex) {
        return hex.length() > 16 ? hex.substring(0, 16) + "…" : hex;
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int r; (r = in.read(buf)) > 0; ) {
                md.update(buf, 0, r);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static Map<String, String> onnxMetadata(Metadata meta) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("nsw.kind", meta.kind().label());
        m.put("nsw.model_id", meta.modelId());
        m.put("nsw.max_seq_length", Integer.toString(meta.maxSeqLength()));
        m.put("nsw.pooling", meta.pooling());
        m.put("nsw.precision", meta.precision().label());
        return m;
    }

    /** Assembles the folder beside the target (the graph streamed to its file, its hash recorded) and moves it in. */
    private static Metadata write(Path folder, Metadata meta, OnnxModelWriter graph, String graphName, Encoder encoder)
            throws IOException {
        Path target = folder.toAbsolutePath().normalize();
        if (Files.exists(target) && !isExport(target)) {
            boolean empty;
            try (Stream<Path> s = Files.isDirectory(target) ? Files.list(target) : Stream.of(target)) {
                empty = Files.isDirectory(target) && s.findAny().isEmpty();
            }
            if (!empty) {
                throw new IOException("refusing to write into " + target
                        + ": it exists and is not an nsw export (give a new or empty folder)");
            }
        }
        Files.createDirectories(target.getParent());
        // its mode follows the umask, like any output folder (a createTempDirectory folder is 0700)
        Path tmp = AtomicFiles.newTempSibling(target);
        try {
            String sha =
                    AtomicFiles.writeHashed(tmp.resolve(ONNX_FILE), out -> graph.writeTo(out, graphName, version()));
            Metadata written = meta.withOnnxSha256(sha);
            Files.writeString(
                    tmp.resolve(Encoder.TOKENIZER_FILE), encoder.tokenizer().json());
            Files.writeString(tmp.resolve(Encoder.CONFIG_FILE), encoder.config().toJson());
            Files.writeString(tmp.resolve(META_FILE), toJson(written));
            AtomicFiles.replaceDirectory(tmp, target);
            return written;
        } catch (IOException | RuntimeException e) {
            AtomicFiles.deleteTree(tmp);
            throw e;
        }
    }

    static String toJson(Metadata meta) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("format", FORMAT);
        n.put("kind", meta.kind().label());
        n.put("name", meta.name());
        n.put("model_id", meta.modelId());
        n.put("source", meta.source());
        n.put("max_seq_length", meta.maxSeqLength());
        n.put("pooling", meta.pooling());
        n.put("normalized", meta.kind() == Kind.SENTENCE_ENCODER);
        n.put("hidden_size", meta.hiddenSize());
        n.put("output_emb_size", meta.outputEmbSize());
        n.put("dimension", meta.dimension());
        n.put("precision", meta.precision().label());
        if (meta.onnxSha256() != null) {
            n.put("onnx_sha256", meta.onnxSha256());
        }
        n.put("opset", OnnxExport.OPSET);
        ObjectNode io = n.putObject("onnx");
        io.putArray("inputs").add("input_ids").add("attention_mask").add("token_type_ids");
        if (meta.kind() == Kind.SENTENCE_ENCODER) {
            io.putArray("outputs")
                    .add("embedding [batch, " + meta.dimension() + "], L2-normalised")
                    .add("last_hidden_state [batch, sequence, " + meta.hiddenSize() + "]");
        } else {
            io.putArray("outputs").add("probability [batch]");
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n);
    }

    /** The nsw version from the build (producer_version of the ONNX model). */
    static String version() {
        Properties p = new Properties();
        try (InputStream in = ModelExport.class.getResourceAsStream("/dev/nsw/nsw.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException ignored) {
            // "dev" below
        }
        return p.getProperty("version", "dev");
    }
}
