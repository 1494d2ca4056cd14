package dev.nsw.encoder;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.nsw.text.LengthBatching;
import dev.nsw.text.PaddedBatch;
import dev.nsw.text.Tokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference encoder: the same ONNX BERT run by ONNX Runtime, with the same tokenizer, batching and
 * pooling (CLS of the last hidden state, L2-normalised, no projection). Used for parity tests and
 * benchmarks.
 */
public final class OnnxRuntimeEncoder implements AutoCloseable {

    private final OrtEnvironment env;
    private final OrtSession session;
    private final Tokenizer tokenizer;
    private final int batchSize;

    /**
     * Creates a session over the ONNX bytes; the tokenizer is taken over (closed with this encoder).
     *
     * @param threads intra-op threads (inter-op is 1; threads do not spin while idle)
     */
    public OnnxRuntimeEncoder(byte[] onnx, Tokenizer tokenizer, int batchSize, int threads) throws OrtException {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        this.env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            so.setIntraOpNumThreads(threads);
            so.setInterOpNumThreads(1);
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            // No busy-waiting between runs: on a shared machine, spinning threads would slow down whatever
            // runs next (e.g. the PyTorch encoder in a benchmark).
            so.addConfigEntry("session.intra_op.allow_spinning", "0");
            this.session = env.createSession(onnx, so);
        }
        this.tokenizer = tokenizer;
        this.batchSize = batchSize;
    }

    /** The bundled model on ONNX Runtime. */
    public static OnnxRuntimeEncoder pretrained(PretrainedModel model, int maxSeqLength, int batchSize, int threads)
            throws IOException, OrtException {
        byte[] onnx;
        try (InputStream in = model.openOnnx()) {
            onnx = in.readAllBytes();
        }
        try (InputStream in = model.openTokenizer()) {
            return new OnnxRuntimeEncoder(onnx, Tokenizer.fromStream(in, maxSeqLength), batchSize, threads);
        }
    }

    /** Embeds texts in batches of similar length; row i belongs to {@code texts.get(i)}. */
    public float[][] embed(List<String> texts) throws OrtException {
        List<Tokenizer.Encoded> encoded = tokenizer.encodeAll(texts);
        int[] lengths = encoded.stream().mapToInt(Tokenizer.Encoded::length).toArray();
        float[][] out = new float[texts.size()][];
        for (int[] batch : LengthBatching.byLength(lengths, batchSize)) {
            List<Tokenizer.Encoded> rows = new ArrayList<>(batch.length);
            for (int i : batch) {
                rows.add(encoded.get(i));
            }
            float[][] e = forward(PaddedBatch.of(rows));
            for (int j = 0; j < batch.length; j++) {
                out[batch[j]] = e[j];
            }
        }
        return out;
    }

    /** One padded batch [B, T] → L2-normalised CLS vectors [B, H]. */
    public float[][] forward(PaddedBatch batch) throws OrtException {
        int b = batch.size();
        int t = batch.seqLength();
        long[] shape = {b, t};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            for (String name : session.getInputNames()) {
                long[][] data = switch (name) {
                    case "input_ids" -> batch.ids();
                    case "attention_mask" -> batch.mask();
                    case "token_type_ids" -> batch.typeIds();
                    default -> throw new IllegalStateException("unexpected ONNX input '" + name + "'");
                };
                inputs.put(name, OnnxTensor.createTensor(env, LongBuffer.wrap(PaddedBatch.flatten(data)), shape));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                OnnxTensor hidden = (OnnxTensor) result.get(0); // [B, T, H]
                long[] hs = hidden.getInfo().getShape();
                int h = (int) hs[2];
                FloatBuffer fb = hidden.getFloatBuffer();
                float[][] out = new float[b][h];
                for (int i = 0; i < b; i++) {
                    fb.position(i * t * h);
                    fb.get(out[i], 0, h);
                    normalize(out[i]);
                }
                return out;
            }
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
    public void close() throws OrtException {
        session.close();
        tokenizer.close();
    }
}
