package dev.nsw.encoder;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.nsw.job.CancellationToken;
import dev.nsw.job.ProgressListener;
import dev.nsw.text.PaddedBatch;
import dev.nsw.text.Tokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An encoder on ONNX Runtime, with the same tokenizer, length batching and pooling as {@link Encoder}. It
 * runs either an nsw export ({@link ModelExport}: output {@code embedding} [B, D], projection and L2 norm in
 * the graph) or a HuggingFace BERT export (output 0 = last hidden state [B, T, H]: CLS, L2-normalised here).
 *
 * <p>Inference only; {@link #embed} may be called from several threads at once (ONNX Runtime sessions are
 * thread-safe). Threads: {@code threads} intra-op, 1 inter-op, and no spinning while idle, so that a
 * shared 2-core machine is not kept busy between requests.
 */
public final class OnnxRuntimeEncoder implements TextEncoder {

    private final OrtEnvironment env;
    private final OrtSession session;
    private final Tokenizer tokenizer;
    private final int batchSize;
    private final boolean pooledOutput;
    private final String name;
    private final String modelId;
    private final Precision precision;
    private final int dimension;

    /**
     * Creates a session over the ONNX bytes; the tokenizer is taken over (closed with this encoder).
     *
     * @param threads intra-op threads, 0 = all processors (inter-op is 1; threads do not spin while idle)
     */
    public OnnxRuntimeEncoder(byte[] onnx, Tokenizer tokenizer, int batchSize, int threads) throws OrtException {
        this(onnx, tokenizer, batchSize, threads, "onnx", null, Precision.FP32);
    }

    private OnnxRuntimeEncoder(
            byte[] onnx,
            Tokenizer tokenizer,
            int batchSize,
            int threads,
            String name,
            String modelId,
            Precision precision)
            throws OrtException {
        this(
                createSession(OrtEnvironment.getEnvironment(), onnx, threads),
                tokenizer,
                batchSize,
                name,
                modelId,
                precision);
    }

    private OnnxRuntimeEncoder(
            OrtSession session, Tokenizer tokenizer, int batchSize, String name, String modelId, Precision precision)
            throws OrtException {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        this.env = OrtEnvironment.getEnvironment();
        this.session = session;
        this.tokenizer = tokenizer;
        this.batchSize = batchSize;
        this.pooledOutput = session.getOutputNames().contains("embedding");
        this.name = name;
        this.modelId = modelId;
        this.precision = precision;
        try {
            long[] outShape = ((ai.onnxruntime.TensorInfo) session.getOutputInfo()
                            .get(
                                    pooledOutput
                                            ? "embedding"
                                            : session.getOutputNames()
                                                    .iterator()
                                                    .next())
                            .getInfo())
                    .getShape();
            this.dimension = (int) outShape[outShape.length - 1];
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /** A session with {@code threads} intra-op threads (0 = all processors), 1 inter-op thread, no spinning. */
    public static OrtSession createSession(OrtEnvironment env, byte[] onnx, int threads) throws OrtException {
        try (OrtSession.SessionOptions so = sessionOptions(threads)) {
            return env.createSession(onnx, so);
        }
    }

    private static OrtSession.SessionOptions sessionOptions(int threads) throws OrtException {
        OrtSession.SessionOptions so = new OrtSession.SessionOptions();
        so.setIntraOpNumThreads(threads > 0 ? threads : Runtime.getRuntime().availableProcessors());
        so.setInterOpNumThreads(1);
        so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        // No busy-waiting between runs: on a shared machine, spinning threads would slow down whatever
        // runs next (the PyTorch encoder in a benchmark, the HTTP threads of a server).
        so.addConfigEntry("session.intra_op.allow_spinning", "0");
        return so;
    }

    /** {@link #createSession(OrtEnvironment, byte[], int)} over a file: ONNX Runtime reads it natively, not via the heap. */
    static OrtSession createSession(OrtEnvironment env, Path onnx, int threads) throws OrtException {
        try (OrtSession.SessionOptions so = sessionOptions(threads)) {
            return env.createSession(onnx.toString(), so);
        }
    }

    /** A cached export ({@link OnnxCache}) on ONNX Runtime: no DJL, no graph on the heap. */
    static OnnxRuntimeEncoder fromCache(OnnxCache.Entry entry, EncoderOptions options) throws IOException {
        Tokenizer tokenizer = Tokenizer.fromFile(entry.tokenizer(), options.maxSeqLength());
        try {
            return new OnnxRuntimeEncoder(
                    createSession(OrtEnvironment.getEnvironment(), entry.onnx(), options.threads()),
                    tokenizer,
                    options.batchSize(),
                    entry.name(),
                    entry.modelId(),
                    entry.precision());
        } catch (OrtException | RuntimeException e) {
            tokenizer.close();
            throw new IOException(entry.onnx() + ": ONNX Runtime cannot load it: " + e.getMessage(), e);
        }
    }

    /** The bundled model on ONNX Runtime (CLS of the last hidden state; its model id is not known here). */
    public static OnnxRuntimeEncoder pretrained(PretrainedModel model, int maxSeqLength, int batchSize, int threads)
            throws IOException, OrtException {
        byte[] onnx;
        try (InputStream in = model.openOnnx()) {
            onnx = in.readAllBytes();
        }
        try (InputStream in = model.openTokenizer()) {
            return new OnnxRuntimeEncoder(
                    onnx, Tokenizer.fromStream(in, maxSeqLength), batchSize, threads, model.id(), null, Precision.FP32);
        }
    }

    /**
     * Opens an export folder written by {@link ModelExport#exportEncoder}, after checking that its model file is
     * the one its metadata was written for ({@link ModelExport#verify}). {@code maxSeqLength} 0 keeps the
     * exported length; the precision is the export's.
     */
    public static OnnxRuntimeEncoder openExport(Path folder, int maxSeqLength, int batchSize, int threads)
            throws IOException {
        ModelExport.Metadata meta = ModelExport.read(folder);
        if (meta.kind() != ModelExport.Kind.SENTENCE_ENCODER) {
            throw new IOException(folder + " holds a " + meta.kind().label() + " export, not a sentence encoder");
        }
        ModelExport.verify(folder, meta);
        int length = maxSeqLength > 0 ? maxSeqLength : meta.maxSeqLength();
        Tokenizer tokenizer = Tokenizer.fromFile(folder.resolve(Encoder.TOKENIZER_FILE), length);
        try {
            return new OnnxRuntimeEncoder(
                    createSession(OrtEnvironment.getEnvironment(), folder.resolve(ModelExport.ONNX_FILE), threads),
                    tokenizer,
                    batchSize,
                    meta.name(),
                    meta.modelId(),
                    meta.precision());
        } catch (OrtException | RuntimeException e) {
            tokenizer.close();
            throw new IOException(
                    folder.resolve(ModelExport.ONNX_FILE) + ": ONNX Runtime cannot load it: " + e.getMessage(), e);
        }
    }

    /**
     * The DJL encoder's model on ONNX Runtime: its weights (projection included) are written as an
     * in-memory ONNX graph ({@link OnnxExport}); same tokenizer, length, batch size and model id. The DJL
     * encoder stays open and owned by the caller.
     */
    public static OnnxRuntimeEncoder of(Encoder encoder, int threads) {
        return of(encoder, threads, Precision.FP32);
    }

    /**
     * {@link #of(Encoder, int)} at {@code precision}: int8 quantizes the linear layers as the graph is written;
     * the model id is then the int8 one ({@link Precision#qualify}).
     */
    public static OnnxRuntimeEncoder of(Encoder encoder, int threads, Precision precision) {
        byte[] onnx = OnnxExport.embeddingGraph(
                        encoder.config(), WeightImport.lazy(encoder.block()), precision, Map.of())
                .toBytes(OnnxExport.EMBEDDING_GRAPH_NAME, ModelExport.version());
        Tokenizer tokenizer = null;
        try {
            tokenizer = Tokenizer.fromJson(
                    encoder.tokenizer().json(), encoder.options().maxSeqLength());
            return new OnnxRuntimeEncoder(
                    onnx,
                    tokenizer,
                    encoder.options().batchSize(),
                    threads,
                    encoder.name(),
                    precision.qualify(encoder.modelId()),
                    precision);
        } catch (IOException | OrtException e) {
            if (tokenizer != null) {
                tokenizer.close();
            }
            throw new IllegalStateException("cannot run " + encoder.name() + " on ONNX Runtime: " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return name;
    }

    /** The source model's id (from the export); unknown for a plain HuggingFace ONNX file. */
    @Override
    public String modelId() {
        if (modelId == null) {
            throw new IllegalStateException(name + ": the model id of a plain ONNX file is unknown");
        }
        return modelId;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public Precision precision() {
        return precision;
    }

    @Override
    public String runtime() {
        return "onnx";
    }

    /** Embeds texts in batches of similar length; row i belongs to {@code texts.get(i)}. */
    @Override
    public float[][] embed(List<String> texts, ProgressListener progress, CancellationToken cancel) {
        return BatchedInference.embed(
                texts, tokenizer, batchSize, Encoder.SORT_WINDOW, this::forward, progress, cancel);
    }

    /** One padded batch [B, T] → unit-length embeddings [B, D]. */
    public float[][] forward(PaddedBatch batch) {
        int b = batch.size();
        int t = batch.seqLength();
        long[] shape = {b, t};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            for (String input : session.getInputNames()) {
                long[][] data = switch (input) {
                    case "input_ids" -> batch.ids();
                    case "attention_mask" -> batch.mask();
                    case "token_type_ids" -> batch.typeIds();
                    default -> throw new IllegalStateException("unexpected ONNX input '" + input + "'");
                };
                inputs.put(input, OnnxTensor.createTensor(env, LongBuffer.wrap(PaddedBatch.flatten(data)), shape));
            }
            try (OrtSession.Result result =
                    pooledOutput ? session.run(inputs, Set.of("embedding")) : session.run(inputs)) {
                OnnxTensor value = (OnnxTensor) result.get(0); // [B, D] pooled, or [B, T, H]
                long[] vs = value.getInfo().getShape();
                int d = (int) vs[vs.length - 1];
                int rowStride = pooledOutput ? d : t * d; // CLS is position 0 of each row
                FloatBuffer fb = value.getFloatBuffer();
                float[][] out = new float[b][d];
                for (int i = 0; i < b; i++) {
                    fb.position(i * rowStride);
                    fb.get(out[i], 0, d);
                    if (!pooledOutput) {
                        normalize(out[i]);
                    }
                }
                return out;
            }
        } catch (OrtException e) {
            throw new IllegalStateException(
                    "ONNX Runtime failed on a batch of " + b + " x " + t + ": " + e.getMessage(), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private static void normalize(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        float inv = (float) (1 / Math.max(Math.sqrt(s), 1e-12));
        for (int i = 0; i < v.length; i++) {
            v[i] *= inv;
        }
    }

    /** The tokenizer (owned by this encoder). */
    public Tokenizer tokenizer() {
        return tokenizer;
    }

    @Override
    public void close() {
        close(session, tokenizer);
    }

    /**
     * Closes a session and the tokenizer that feeds it, the tokenizer even when the session fails to close: the
     * close of this encoder and of {@code rank.OnnxRuntimeReranker}.
     */
    public static void close(OrtSession session, Tokenizer tokenizer) {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        } finally {
            tokenizer.close();
        }
    }
}
