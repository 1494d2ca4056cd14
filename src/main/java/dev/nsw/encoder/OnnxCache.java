package dev.nsw.encoder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nsw.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * The ONNX graphs nsw writes for ONNX Runtime ({@link OnnxExport}), kept on disk so that opening a model for
 * inference is "ONNX Runtime reads a file" instead of "load the model in DJL/PyTorch, rebuild its graph on the
 * Java heap, hand ONNX Runtime the bytes".
 *
 * <p>Why: the rebuild makes several transient copies of the weights on the heap (parsed ONNX, imported
 * tensors, exported tensors, protobuf messages and their buffers: about 10× the model, 1.3 GB for
 * bge-small-en), which G1 then keeps committed for the whole run, and it loads libtorch for nothing. Measured
 * on 2,000 SciFact abstracts at 128 tokens: peak RSS 3.0 GB of which 2.9 GB anonymous, heap 3.5 GB committed
 * and 20 MB live after a full GC (see docs/SCALE.md). The entry itself is streamed to its file from the
 * weights ({@link OnnxModelWriter}), so building it holds one tensor at a time, not copies of the model.
 *
 * <p>An entry is a folder {@code <cache>/<key>/} with {@code model.onnx}, {@code tokenizer.json} and
 * {@code entry.json} (name, model id, ONNX size), each written atomically, {@code entry.json} last, so an
 * entry without it is incomplete and rebuilt. The key is a SHA-256 over nsw's version, the projection options,
 * the precision (an int8 entry is another graph, with another model id) and the model's source: a bundled model's name, or the bytes of a model folder's config, weights, tokenizer
 * and metadata files (a retrained folder gets a new key). The cache folder is {@code -Dnsw.onnxCache},
 * else {@code $NSW_ONNX_CACHE}, else {@code ~/.cache/nsw/onnx}; nsw made everything in it.
 */
final class OnnxCache {
    static final String ONNX = "model.onnx";
    static final String TOKENIZER = "tokenizer.json";
    static final String ENTRY = "entry.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private OnnxCache() {}

    /**
     * A complete cache entry: the ONNX file to run, its tokenizer, the DJL encoder's name, and the model id at
     * the entry's precision ({@link Precision#qualify}).
     */
    record Entry(Path onnx, Path tokenizer, String name, String modelId, Precision precision) {}

    /** The cache folder (see the class comment). */
    static Path folder() {
        String p = System.getProperty("nsw.onnxCache");
        if (p == null || p.isBlank()) {
            p = System.getenv("NSW_ONNX_CACHE");
        }
        if (p == null || p.isBlank()) {
            return Path.of(System.getProperty("user.home"), ".cache", "nsw", "onnx");
        }
        return Path.of(p);
    }

    /** The entry folder in {@code cache} for this model source and options (nothing is read but the source's files). */
    static Path entryFolder(Path cache, String modelOrFolder, EncoderOptions options) throws IOException {
        MessageDigest md = sha256();
        update(
                md,
                "nsw-onnx-cache 1\n" + ModelExport.version() + "\noutput_emb_size " + options.outputEmbSize()
                        + "\nprojection_seed " + options.projectionSeed() + "\n"
                        + (options.precision() == Precision.FP32
                                ? ""
                                : "precision " + options.precision() + "\n" + OnnxExport.QUANTIZATION + "\n"));
        Optional<PretrainedModel> bundled = PretrainedModel.byName(modelOrFolder);
        if (bundled.isPresent()) {
            update(md, "bundled " + bundled.get().id() + "\n"); // bundled weights change only with nsw's version
        } else {
            Path folder = Encoder.modelFolder(modelOrFolder)
                    .orElseThrow(() -> new IOException("unknown model '" + modelOrFolder + "'"));
            for (String f :
                    new String[] {Encoder.CONFIG_FILE, Encoder.WEIGHTS_FILE, Encoder.TOKENIZER_FILE, Encoder.META_FILE
                    }) {
                Path file = folder.resolve(f);
                update(md, f + (Files.isRegularFile(file) ? " " + Files.size(file) : " absent") + "\n");
                if (Files.isRegularFile(file)) {
                    try (InputStream in = Files.newInputStream(file)) {
                        byte[] buf = new byte[1 << 16];
                        for (int r; (r = in.read(buf)) > 0; ) {
                            md.update(buf, 0, r);
                        }
                    }
                }
            }
        }
        return cache.resolve(HexFormat.of().formatHex(md.digest(), 0, 16));
    }

    /** The complete entry in {@code dir}, or empty when it is missing, incomplete or unreadable. */
    static Optional<Entry> find(Path dir) {
        Path entry = dir.resolve(ENTRY);
        Path onnx = dir.resolve(ONNX);
        Path tokenizer = dir.resolve(TOKENIZER);
        try {
            if (!Files.isRegularFile(entry) || !Files.isRegularFile(onnx) || !Files.isRegularFile(tokenizer)) {
                return Optional.empty();
            }
            JsonNode n = JSON.readTree(entry.toFile());
            if (n.path("onnx_bytes").asLong(-1) != Files.size(onnx)
                    || !n.path("model_id").isTextual()) {
                return Optional.empty();
            }
            return Optional.of(new Entry(
                    onnx,
                    tokenizer,
                    n.path("name").asText(),
                    n.path("model_id").asText(),
                    Precision.parse(n.path("precision").asText("fp32"))));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Writes {@code encoder}'s inference graph (projection and L2 norm included) at {@code precision} and its
     * tokenizer as the entry in {@code dir}. The graph is streamed from the encoder's weights to the file.
     */
    static Entry store(Path dir, Encoder encoder, Precision precision) throws IOException {
        Files.createDirectories(dir);
        OnnxModelWriter graph =
                OnnxExport.embeddingGraph(encoder.config(), WeightImport.lazy(encoder.block()), precision, Map.of());
        AtomicFiles.writeHashed(
                dir.resolve(ONNX), out -> graph.writeTo(out, OnnxExport.EMBEDDING_GRAPH_NAME, ModelExport.version()));
        long size = Files.size(dir.resolve(ONNX));
        String tokenizerJson = encoder.tokenizer().json();
        AtomicFiles.writeHashed(
                dir.resolve(TOKENIZER), out -> out.write(tokenizerJson.getBytes(StandardCharsets.UTF_8)));
        String modelId = precision.qualify(encoder.modelId());
        ObjectNode n = JSON.createObjectNode();
        n.put("name", encoder.name());
        n.put("model_id", modelId);
        n.put("precision", precision.label());
        n.put("onnx_bytes", size);
        AtomicFiles.writeHashed(
                dir.resolve(ENTRY),
                out -> out.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n)));
        return new Entry(dir.resolve(ONNX), dir.resolve(TOKENIZER), encoder.name(), modelId, precision);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void update(MessageDigest md, String s) {
        md.update(s.getBytes(StandardCharsets.UTF_8));
    }
}
