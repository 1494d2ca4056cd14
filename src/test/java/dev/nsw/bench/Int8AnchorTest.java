package dev.nsw.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nsw.encoder.EncoderOptions;
import dev.nsw.encoder.InferenceRuntime;
import dev.nsw.encoder.Precision;
import dev.nsw.encoder.TextEncoder;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * nsw's int8 bge-small-en against an int8 build published by others (langchain4j's {@code -q} artifact, a test
 * dependency only): both stay close to fp32, and nsw's is not further from it.
 */
class Int8AnchorTest {
    private static final List<String> TEXTS = List.of(
            "How do I reset my password?",
            "What is the best way to learn machine learning?",
            "Microstructural development of human newborn cerebral white matter assessed in vivo by diffusion tensor"
                    + " magnetic resonance imaging.",
            "Cheap flights to Tokyo in spring",
            "Can dogs eat chocolate?",
            "The weather tomorrow in London",
            "Neural search index",
            "Vitamin D deficiency is associated with an increased risk of fractures in older adults.",
            "ok",
            "A randomized controlled trial of aspirin for the prevention of cardiovascular events in patients with"
                    + " diabetes showed no significant benefit over placebo after five years of follow-up.");

    /** The jar on the test class path that holds the anchor's ONNX file. */
    static Path anchorJar(String resource) throws Exception {
        URL url = Int8AnchorTest.class.getClassLoader().getResource(resource);
        assertThat(url).as(resource + " on the test class path").isNotNull();
        return Path.of(((JarURLConnection) url.openConnection()).getJarFileURL().toURI());
    }

    @Test
    void nswInt8IsAtLeastAsCloseToFp32AsThePublishedInt8Build() throws Exception {
        EncoderOptions options =
                EncoderOptions.defaults().withMaxSeqLength(128).withBatchSize(8).withThreads(2);
        try (TextEncoder fp32 = InferenceRuntime.open("bge-small-en-v1.5", options, InferenceRuntime.Choice.ONNX);
                TextEncoder int8 = InferenceRuntime.open(
                        "bge-small-en-v1.5", options.withPrecision(Precision.INT8), InferenceRuntime.Choice.ONNX);
                TextEncoder anchor = EncodeBenchmark.anchor(anchorJar("bge-small-en-v1.5-q.onnx"), options)) {
            float[][] reference = fp32.embed(TEXTS);
            double[] ours = EncodeBenchmark.cosines(reference, int8.embed(TEXTS));
            double[] theirs = EncodeBenchmark.cosines(reference, anchor.embed(TEXTS));
            System.out.printf(
                    "bge-small-en int8 vs fp32, min/mean cosine: nsw %.5f/%.5f, langchain4j -q %.5f/%.5f%n",
                    ours[0], ours[1], theirs[0], theirs[1]);
            assertThat(theirs[0])
                    .as("the anchor is an int8 build of the same model")
                    .isGreaterThan(0.98);
            assertThat(ours[0]).isGreaterThan(0.99);
            assertThat(ours[1]).isGreaterThanOrEqualTo(theirs[1] - 0.001);
        }
    }
}
