package dev.nsw.rank;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.nsw.encoder.BatchedInference;
import dev.nsw.encoder.OnnxRuntimeEncoder;
import dev.nsw.job.CancellationToken;
import dev.nsw.job.ProgressListener;
import dev.nsw.text.PaddedBatch;
import dev.nsw.text.Tokenizer;
import java.io.IOException;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link CrossEncoder} on ONNX Runtime: the same pairs, tokenizer, length batching and probabilities
 * (the exported graph's output {@code probability} [B]), for inference only. Thread-safe.
 */
public final class OnnxRuntimeReranker implements PairScorer, AutoCloseable {
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final Tokenizer tokenizer;
    private final int batchSize;

    private OnnxRuntimeReranker(byte[] onnx, Tokenizer tokenizer, int batchSize, int threads) throws OrtException {
        this.session = OnnxRuntimeEncoder.createSession(env, onnx, threads);
        this.tokenizer = tokenizer;
        this.batchSize = batchSize;
    }

    /** The cross-encoder's weights as an in-memory ONNX graph; the cross-encoder stays the caller's. */
    public static OnnxRuntimeReranker of(CrossEncoder reranker, int threads) {
        Tokenizer tok = null;
        try {
            tok = Tokenizer.fromJson(
                    reranker.encoder().tokenizer().json(),
                    reranker.encoder().options().maxSeqLength());
            return new OnnxRuntimeReranker(
                    reranker.onnxModel(), tok, reranker.encoder().options().batchSize(), threads);
        } catch (IOException | OrtException e) {
            if (tok != null) {
                tok.close();
            }
            throw new IllegalStateException("cannot run the reranker on ONNX Runtime: " + e.getMessage(), e);
        }
    }

    @Override
    public float[] score(
            List<String> queries, List<String> titles, ProgressListener progress, CancellationToken cancel) {
        return BatchedInference.scorePairs(tokenizer, queries, titles, batchSize, this::forward, progress, cancel);
    }

    /** Probabilities [B] of a padded batch of pairs [B, T]. */
    private float[] forward(PaddedBatch batch) {
        long[] shape = {batch.size(), batch.seqLength()};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put(
                    "input_ids",
                    OnnxTensor.createTensor(env, LongBuffer.wrap(PaddedBatch.flatten(batch.ids())), shape));
            inputs.put(
                    "attention_mask",
                    OnnxTensor.createTensor(env, LongBuffer.wrap(PaddedBatch.flatten(batch.mask())), shape));
            inputs.put(
                    "token_type_ids",
                    OnnxTensor.createTensor(env, LongBuffer.wrap(PaddedBatch.flatten(batch.typeIds())), shape));
            try (OrtSession.Result r = session.run(inputs)) {
                return (float[]) r.get(0).getValue();
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on a batch of pairs: " + e.getMessage(), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    @Override
    public String scoreKind() {
        return "probability";
    }

    @Override
    public void close() {
        OnnxRuntimeEncoder.close(session, tokenizer);
    }
}
