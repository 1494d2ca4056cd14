package dev.nsw.rank;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.nsw.encoder.ModelExport;
import dev.nsw.text.PaddedBatch;
import dev.nsw.text.Tokenizer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exported cross-encoder, run by plain ONNX Runtime, gives the reranker's probabilities. */
class CrossEncoderExportTest {
    @TempDir
    Path tmp;

    @Test
    void exportedRerankerGivesTheSameProbabilities() throws Exception {
        List<String> queries = TinyCrossEncoders.triples().stream()
                .flatMap(t -> List.of(t.query(), t.query()).stream())
                .toList();
        List<String> titles = TinyCrossEncoders.triples().stream()
                .flatMap(t -> List.of(t.positive(), t.negative()).stream())
                .toList();
        float[] djl;
        float[] inMemory;
        try (CrossEncoder reranker = TinyCrossEncoders.create(4, 0f)) {
            djl = reranker.score(queries, titles);
            try (OnnxRuntimeReranker ort = OnnxRuntimeReranker.of(reranker, 1)) {
                inMemory = ort.score(
                        queries, titles, dev.nsw.job.ProgressListener.NONE, dev.nsw.job.CancellationToken.NEVER);
            }
            ModelExport.Metadata meta = reranker.exportOnnx(tmp.resolve("rr"), "test");
            assertThat(meta.kind()).isEqualTo(ModelExport.Kind.CROSS_ENCODER);
        }
        float[] onnx;
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (Tokenizer tok = Tokenizer.fromFile(tmp.resolve("rr/tokenizer.json"), 32);
                OrtSession session = env.createSession(
                        Files.readAllBytes(tmp.resolve("rr/model.onnx")), new OrtSession.SessionOptions())) {
            PaddedBatch batch = tok.batchPairs(queries, titles);
            long[] shape = {batch.size(), batch.seqLength()};
            try (OnnxTensor ids =
                            OnnxTensor.createTensor(env, LongBuffer.wrap(PaddedBatch.flatten(batch.ids())), shape);
                    OnnxTensor mask =
                            OnnxTensor.createTensor(env, LongBuffer.wrap(PaddedBatch.flatten(batch.mask())), shape);
                    OnnxTensor types =
                            OnnxTensor.createTensor(env, LongBuffer.wrap(PaddedBatch.flatten(batch.typeIds())), shape);
                    OrtSession.Result r =
                            session.run(Map.of("input_ids", ids, "attention_mask", mask, "token_type_ids", types))) {
                onnx = ((float[]) r.get("probability").get().getValue());
            }
        }
        assertThat(onnx).hasSize(djl.length);
        double maxDiff = 0;
        for (int i = 0; i < djl.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(djl[i] - onnx[i]));
            maxDiff = Math.max(maxDiff, Math.abs(djl[i] - inMemory[i]));
        }
        System.out.printf("cross-encoder export: %d pairs, max |p_djl - p_onnx| %.2e%n", djl.length, maxDiff);
        assertThat(maxDiff).isLessThan(1e-5);
        // not a constant: the random head separates pairs
        assertThat(djl[0]).isNotEqualTo(djl[1]);
    }
}
