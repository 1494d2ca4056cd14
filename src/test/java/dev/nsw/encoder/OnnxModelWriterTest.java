package dev.nsw.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The streamed writer: the sizes it adds up before writing are the sizes it writes (a wrong length would make
 * the file unreadable), its two outputs agree byte for byte, and what it writes reads back.
 */
class OnnxModelWriterTest {

    private static OnnxModelWriter smallGraph() {
        OnnxModelWriter w = new OnnxModelWriter(17);
        w.input("x", OnnxModelWriter.FLOAT, "batch", 3);
        // 40,000 floats: more than the writer's 64 KB buffer, so the chunked path is crossed
        float[] big = new float[40_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = i * 0.25f - 7;
        }
        w.initializer("big", new long[] {big.length}, big);
        w.initializer("shape", new long[] {2}, new long[] {-1, 3});
        w.lazyInitializer(
                "q",
                new long[] {2, 3},
                OnnxModelWriter.INT8,
                o -> o.writeRawBytes(new byte[] {-127, -1, 0, 1, 2, 127}));
        w.node("Identity", "/id", List.of("x"), List.of("y"));
        w.output("y", OnnxModelWriter.FLOAT, "batch", 3);
        w.metadata("nsw.test", "yes");
        return w;
    }

    @Test
    void streamedBytesMatchTheComputedSizeAndTheInMemoryCopy() throws Exception {
        OnnxModelWriter w = smallGraph();
        ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        w.writeTo(streamed, "g", "test");
        assertThat((long) streamed.size()).isEqualTo(w.size("g", "test"));
        assertThat(w.toBytes("g", "test")).isEqualTo(streamed.toByteArray());

        OnnxGraph back = OnnxGraph.parse(streamed.toByteArray());
        OnnxGraph.Tensor big = back.initializers().get("big");
        assertThat(big.floats()).hasSize(40_000);
        assertThat(big.floats()[0]).isEqualTo(-7f);
        assertThat(big.floats()[39_999]).isEqualTo(39_999 * 0.25f - 7);
        assertThat(back.initializers().get("shape").longs()).containsExactly(-1, 3);
        OnnxGraph.Tensor q = back.initializers().get("q");
        assertThat(q.dataType()).isEqualTo(OnnxModelWriter.INT8);
        assertThat(q.dims()).containsExactly(2, 3);
        assertThat(back.nodes()).extracting(OnnxGraph.Node::opType).containsExactly("Identity");
    }

    @Test
    void aTensorThatWritesTheWrongNumberOfBytesIsAnError() {
        OnnxModelWriter w = new OnnxModelWriter(17);
        w.lazyInitializer("short", new long[] {4}, OnnxModelWriter.FLOAT, o -> o.writeRawBytes(new byte[12]));
        assertThatThrownBy(() -> w.writeTo(new ByteArrayOutputStream(), "g", "test"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'short' wrote 12 bytes")
                .hasMessageContaining("needs 16");
    }
}
