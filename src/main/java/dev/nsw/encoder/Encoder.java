package dev.nsw.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nsw.io.NamedTensor;
import dev.nsw.io.Safetensors;
import dev.nsw.job.CancellationToken;
import dev.nsw.job.ProgressListener;
import dev.nsw.text.PaddedBatch;
import dev.nsw.text.Tokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Turns texts into unit-length embeddings with a BERT {@link EncoderBlock} on PyTorch (CPU): tokenise,
 * truncate to {@code max_seq_length}, batch by similar length, CLS → optional projection → L2 norm.
 *
 * <p>The dot product of two embeddings is their cosine similarity. The encoder owns its tokenizer, its
 * {@link NDManager} and the model weights: close it. {@link #embed} runs without autograd and frees each
 * batch's arrays, so memory stays flat on long inputs. Calls are serialised (one forward at a time).
 *
 * <pre>{@code
 * try (Encoder encoder = Encoder.open("bge-small-zh-v1.5", EncoderOptions.defaults())) {
 *     float[][] e = encoder.embed(List.of("今天天气怎么样", "今天天气如何"));
 * }
 * }</pre>
 */
public final class Encoder implements TextEncoder {

    /** File names of a model folder (HuggingFace-compatible, plus our {@code nsw-model.json}). */
    public static final String CONFIG_FILE = ModelFolder.CONFIG_FILE;

    public static final String WEIGHTS_FILE = ModelFolder.WEIGHTS_FILE;
    public static final String TOKENIZER_FILE = ModelFolder.TOKENIZER_FILE;
    public static final String META_FILE = ModelFolder.META_FILE;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Texts tokenised and length-sorted together by {@link #embed}. */
    static final int SORT_WINDOW = 16_384;

    private final String name;
    private final BertConfig config;
    private final Tokenizer tokenizer;
    private final EncoderOptions options;
    private final NDManager manager;
    private final EncoderBlock block;
    private String modelId;

    private Encoder(
            String name,
            BertConfig config,
            Map<String, NamedTensor> weights,
            Tokenizer tokenizer,
            EncoderOptions options) {
        if (options.precision() != Precision.FP32) {
            throw new IllegalArgumentException("the DJL/PyTorch encoder runs fp32 only; " + options.precision()
                    + " runs on ONNX Runtime (--runtime onnx or auto)");
        }
        this.name = name;
        this.tokenizer = tokenizer;
        this.options = options;
        this.config = resolveProjection(config, weights, options);
        if (options.maxSeqLength() > config.maxPositionEmbeddings()) {
            throw new IllegalArgumentException("max_seq_length " + options.maxSeqLength()
                    + " exceeds the model's max_position_embeddings " + config.maxPositionEmbeddings());
        }
        TorchRuntime.configure(options.effectiveThreads());
        NDManager m = NDManager.newBaseManager("PyTorch");
        try {
            block = new EncoderBlock(this.config);
            Shape probe = new Shape(1, 2);
            // random initial values (overwritten by the weights): set up apart from any training step
            // (TorchRuntime.RANDOM)
            synchronized (TorchRuntime.RANDOM) {
                block.initialize(m, DataType.FLOAT32, probe, probe, probe);
                WeightImport.apply(block, m, weights);
            }
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
        this.manager = m;
    }

    /** Decides the projection size and adds a seeded random projection when one is asked for but absent. */
    private static BertConfig resolveProjection(
            BertConfig config, Map<String, NamedTensor> weights, EncoderOptions options) {
        NamedTensor stored = weights.get("projection.weight");
        int storedSize = stored == null ? 0 : (int) stored.shape()[0];
        if (config.outputEmbSize() != 0 && config.outputEmbSize() != storedSize) {
            throw new IllegalArgumentException(
                    "config says output_emb_size " + config.outputEmbSize() + " but the weights have "
                            + (stored == null ? "no projection" : "a projection of size " + storedSize));
        }
        int wanted = options.outputEmbSize();
        if (wanted == EncoderOptions.KEEP) {
            return config.withOutputEmbSize(storedSize);
        }
        if (wanted > 0 && stored != null && storedSize != wanted) {
            throw new IllegalArgumentException(
                    "the model has a projection of size " + storedSize + "; output_emb_size " + wanted + " differs");
        }
        if (wanted > 0 && stored == null) {
            weights.putAll(WeightImport.randomProjection(config.hiddenSize(), wanted, options.projectionSeed()));
        }
        return config.withOutputEmbSize(wanted);
    }

    /**
     * Opens a bundled model by name ({@link PretrainedModel#names()}) or a model folder (ours or a
     * HuggingFace BERT folder with {@code config.json}, {@code model.safetensors}, {@code tokenizer.json}).
     */
    public static Encoder open(String modelOrFolder, EncoderOptions options) throws IOException {
        Optional<PretrainedModel> bundled = PretrainedModel.byName(modelOrFolder);
        if (bundled.isPresent()) {
            return pretrained(bundled.get(), options);
        }
        Optional<Path> folder = modelFolder(modelOrFolder);
        if (folder.isPresent()) {
            return load(folder.get(), options);
        }
        throw new IOException("unknown model '" + modelOrFolder + "': neither a bundled model ("
                + PretrainedModel.names() + ") nor a model folder");
    }

    /**
     * The tokenizer of a bundled model, a model folder or an export folder, without loading any weights: what a
     * corpus's token lengths are measured with ({@code text.TokenLengths}) before its max_seq_length is chosen.
     * Its own truncation length is 512 (the bundled models' limit); measurements read texts untruncated.
     */
    public static Tokenizer tokenizerOf(String modelOrFolder) throws IOException {
        Optional<PretrainedModel> bundled = PretrainedModel.byName(modelOrFolder);
        if (bundled.isPresent()) {
            try (java.io.InputStream in = bundled.get().openTokenizer()) {
                return Tokenizer.fromStream(in, 512);
            }
        }
        Path folder = modelFolder(modelOrFolder)
                .orElseThrow(() -> new IOException("unknown model '" + modelOrFolder + "': neither a bundled model ("
                        + PretrainedModel.names() + ") nor a model folder"));
        return Tokenizer.fromFile(folder.resolve(TOKENIZER_FILE), 512);
    }

    /**
     * The longest input a model can read (its {@code max_position_embeddings}, 512 for the bundled models), without
     * loading its weights: no max_seq_length is chosen above it.
     */
    public static int maxPositionsOf(String modelOrFolder) throws IOException {
        if (PretrainedModel.byName(modelOrFolder).isPresent()) {
            return 512;
        }
        Path folder = modelFolder(modelOrFolder)
                .orElseThrow(() -> new IOException("unknown model '" + modelOrFolder + "': neither a bundled model ("
                        + PretrainedModel.names() + ") nor a model folder"));
        Path config = folder.resolve(CONFIG_FILE);
        return Files.isRegularFile(config) ? BertConfig.read(config).maxPositionEmbeddings() : 512;
    }

    /** The recipe's weights file inside a saved model folder, which its commands pass as {@code --params_path}. */
    public static final String RECIPE_WEIGHTS_FILE = "model_state.pdparams";

    /**
     * The model folder a path names: the folder itself, or — for the recipe's
     * {@code --params_path .../model_40/model_state.pdparams} — the folder that file would be in (nsw's folder
     * holds its own weight files, so the recipe's file name need not exist). Empty when neither is a folder.
     */
    public static Optional<Path> modelFolder(String path) {
        Path p = Path.of(path);
        if (Files.isDirectory(p)) {
            return Optional.of(p);
        }
        if (p.getFileName() != null
                && p.getFileName().toString().equals(RECIPE_WEIGHTS_FILE)
                && p.getParent() != null
                && Files.isDirectory(p.getParent())) {
            return Optional.of(p.getParent());
        }
        return Optional.empty();
    }

    /** Builds the encoder from a bundled ONNX model, importing its weights (about a second). */
    public static Encoder pretrained(PretrainedModel model, EncoderOptions options) throws IOException {
        Map<String, NamedTensor> weights;
        BertConfig config;
        try (InputStream in = model.openOnnx()) {
            // no reference to the graph outlives this block: its copies of the Linear weights (the imported ones
            // are transposed) are garbage before the weights are copied into PyTorch
            OnnxGraph graph = OnnxGraph.read(in);
            weights = WeightImport.fromOnnx(graph);
            config = WeightImport.inferConfig(graph, weights, OptionalInt.of(model.numAttentionHeads()));
        }
        Tokenizer tokenizer;
        try (InputStream in = model.openTokenizer()) {
            tokenizer = Tokenizer.fromStream(in, options.maxSeqLength());
        }
        return create(model.id(), config, weights, tokenizer, options);
    }

    /**
     * Builds the encoder from an ONNX BERT export and a tokenizer (taken over: closed with the encoder,
     * or on failure). The configuration is inferred from the graph; {@code heads} is used only when the
     * graph does not reveal the number of attention heads.
     */
    public static Encoder fromOnnx(
            String name, OnnxGraph graph, OptionalInt heads, Tokenizer tokenizer, EncoderOptions options) {
        try {
            Map<String, NamedTensor> weights = WeightImport.fromOnnx(graph);
            BertConfig config = WeightImport.inferConfig(graph, weights, heads);
            return create(name, config, weights, tokenizer, options);
        } catch (RuntimeException e) {
            tokenizer.close();
            throw e;
        }
    }

    /**
     * Builds the encoder from a configuration and named weights (HuggingFace names, Linear weights
     * [out, in]); the tokenizer is taken over.
     */
    public static Encoder create(
            String name,
            BertConfig config,
            Map<String, NamedTensor> weights,
            Tokenizer tokenizer,
            EncoderOptions options) {
        Tokenizer tok = tokenizer;
        try {
            if (tok.maxSeqLength() != options.maxSeqLength()) {
                Tokenizer other = tok.withMaxSeqLength(options.maxSeqLength());
                tok.close();
                tok = other;
            }
            return new Encoder(name, config, new LinkedHashMap<>(weights), tok, options);
        } catch (IOException e) {
            tok.close();
            throw new IllegalStateException(e);
        } catch (RuntimeException e) {
            tok.close();
            throw e;
        }
    }

    /** Loads a model folder written by {@link #save} or a HuggingFace BERT folder (safetensors weights). */
    public static Encoder load(Path folder, EncoderOptions options) throws IOException {
        for (String f : new String[] {CONFIG_FILE, WEIGHTS_FILE, TOKENIZER_FILE}) {
            if (!Files.isRegularFile(folder.resolve(f))) {
                throw new IOException("model folder " + folder + " lacks " + f
                        + (f.equals(WEIGHTS_FILE) ? " (only safetensors weights are supported)" : ""));
            }
        }
        BertConfig config = BertConfig.read(folder.resolve(CONFIG_FILE));
        Map<String, NamedTensor> weights =
                WeightImport.normalizeHuggingFaceNames(Safetensors.read(folder.resolve(WEIGHTS_FILE)));
        String name = folder.toAbsolutePath().normalize().getFileName().toString();
        Path meta = folder.resolve(META_FILE);
        String savedModelId = null;
        if (Files.isRegularFile(meta)) {
            JsonNode n;
            try {
                n = JSON.readTree(meta.toFile());
            } catch (com.fasterxml.jackson.core.JacksonException e) {
                throw new IOException(meta + ": not valid JSON: " + dev.nsw.io.JsonErrors.describe(e), e);
            }
            name = n.path("name").asText(name);
            savedModelId = n.path("model_id").isTextual() ? n.path("model_id").asText() : null;
        }
        Tokenizer tokenizer = Tokenizer.fromFile(folder.resolve(TOKENIZER_FILE), options.maxSeqLength());
        Encoder encoder;
        try {
            encoder = create(name, config, weights, tokenizer, options);
        } catch (IllegalArgumentException e) {
            throw new IOException(folder + ": " + e.getMessage(), e);
        }
        // the id recorded at save covers config, tokenizer and every weight: a changed byte is a different model
        if (savedModelId != null && encoder.config().equals(config) && !savedModelId.equals(encoder.modelId())) {
            String found = encoder.modelId();
            encoder.close();
            throw new IOException(folder + ": the weights, config or tokenizer do not match the model_id recorded in "
                    + META_FILE + " (recorded " + savedModelId + ", found " + found
                    + "): the files were changed or are corrupt");
        }
        return encoder;
    }

    /** Embeds texts (see {@link #embed(List, ProgressListener, CancellationToken)}). */
    @Override
    public float[][] embed(List<String> texts) {
        return embed(texts, ProgressListener.NONE, CancellationToken.NEVER);
    }

    /**
     * Embeds texts: result row i is the unit-length embedding [D] of {@code texts.get(i)}. Texts are
     * processed in batches of similar token length (sorted within windows of 16,384 texts);
     * {@code cancel} is checked before each batch and {@code progress} told after it.
     *
     * @throws dev.nsw.job.CancelledException when {@code cancel} was cancelled
     */
    @Override
    public float[][] embed(List<String> texts, ProgressListener progress, CancellationToken cancel) {
        return embed(texts, progress, cancel, SORT_WINDOW);
    }

    synchronized float[][] embed(List<String> texts, ProgressListener progress, CancellationToken cancel, int window) {
        return BatchedInference.embed(texts, tokenizer, options.batchSize(), window, this::forward, progress, cancel);
    }

    /** Runs one padded batch [B, T] through the model without autograd: embeddings [B, D]. */
    public synchronized float[][] forward(PaddedBatch batch) {
        int b = batch.size();
        int d = config.embeddingSize();
        float[] flat;
        try (NoGrad noGrad = NoGrad.enter();
                NDManager sub = manager.newSubManager();
                NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray emb = block.forward(new ParameterStore(sub, false), batch.toNDList(sub), false)
                    .singletonOrThrow(); // [B, D]
            flat = emb.toFloatArray();
        }
        float[][] out = new float[b][d];
        for (int i = 0; i < b; i++) {
            System.arraycopy(flat, i * d, out[i], 0, d);
        }
        return out;
    }

    /**
     * A stable id of what maps text to vectors: SHA-256 over the configuration (projection included), the
     * tokenizer and every weight, e.g. {@code sha256:3f2a…} (24 hex digits). Computed once, at the first
     * call: an index built with one id should refuse vectors from another.
     */
    @Override
    public synchronized String modelId() {
        if (modelId == null) {
            modelId = ModelId.of(config, tokenizer.json(), block.namedParameters());
        }
        return modelId;
    }

    /**
     * Writes the model to {@code folder} ({@code config.json}, {@code model.safetensors},
     * {@code tokenizer.json}, {@code nsw-model.json}) atomically: everything is written into a temporary
     * folder beside it, then moved into place. An existing model folder is replaced; an existing folder
     * that is not a model folder is refused.
     */
    public synchronized void save(Path folder) throws IOException {
        ModelFolder.write(folder, "model", ModelFolder::isModel, tmp -> {
            Files.writeString(tmp.resolve(CONFIG_FILE), config.toJson());
            Safetensors.write(tmp.resolve(WEIGHTS_FILE), WeightImport.export(block));
            Files.writeString(tmp.resolve(TOKENIZER_FILE), tokenizer.json());
            ObjectNode meta = JSON.createObjectNode();
            meta.put("name", name);
            meta.put("model_id", modelId());
            meta.put("max_seq_length", options.maxSeqLength());
            Files.writeString(
                    tmp.resolve(META_FILE),
                    JSON.writerWithDefaultPrettyPrinter().writeValueAsString(meta));
        });
    }

    /**
     * Tells the encoder its weights were changed in place (by training), so that {@link #modelId()} is
     * computed afresh: an index built before training must not accept the trained model's vectors.
     */
    public synchronized void weightsChanged() {
        modelId = null;
    }

    /** Human-readable model name (bundled name or folder name). */
    @Override
    public String name() {
        return name;
    }

    /** The model configuration; {@code outputEmbSize} tells whether embeddings are projected. */
    public BertConfig config() {
        return config;
    }

    /** Embedding size D. */
    @Override
    public int dimension() {
        return config.embeddingSize();
    }

    /** Options the encoder was built with. */
    public EncoderOptions options() {
        return options;
    }

    /** The tokenizer (owned by this encoder). */
    public Tokenizer tokenizer() {
        return tokenizer;
    }

    /** The trainable DJL block (owned by this encoder; parameters live in {@link #manager()}). */
    public EncoderBlock block() {
        return block;
    }

    /** The manager holding the weights. */
    public NDManager manager() {
        return manager;
    }

    @Override
    public String runtime() {
        return "torch";
    }

    @Override
    public synchronized void close() {
        manager.close();
        tokenizer.close();
    }
}
