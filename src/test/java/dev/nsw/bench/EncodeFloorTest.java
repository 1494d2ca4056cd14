package dev.nsw.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nsw.encoder.EncoderFlops;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The floor's two halves by hand: the work of length-sorted batches, and the nominal peak from /proc/cpuinfo. */
class EncodeFloorTest {
    @TempDir
    Path tmp;

    @Test
    void workloadOfLengthSortedBatchesByHand() {
        // lengths 2, 5, 3, 3 at batch 2 → sorted 5, 3 | 3, 2: batches [2 × 5] and [2 × 3]
        EncoderFlops f = new EncoderFlops(1, 4, 8, 0);
        EncodeWorkload w = EncodeWorkload.of(new int[] {2, 5, 3, 3}, 2, f);
        assertThat(w.batches()).isEqualTo(2);
        assertThat(w.realTokens()).isEqualTo(13);
        assertThat(w.paddedTokens()).isEqualTo(16);
        assertThat(w.paddingShare()).isEqualTo(3.0 / 16);
        assertThat(w.linearFlops()).isEqualTo(2 * f.linear(5) + 2 * f.linear(3));
        assertThat(w.attentionFlops()).isEqualTo(2 * f.attention(5) + 2 * f.attention(3));
        double useful = f.forward(2) + f.forward(5) + 2 * f.forward(3);
        assertThat(w.usefulFlops()).isEqualTo(useful);
        assertThat(w.wastedFlopShare()).isCloseTo(1 - useful / w.executedFlops(), within(1e-12));
        // linear at 4 op/s, the rest at 1 op/s
        assertThat(w.floorSeconds(4, 1)).isEqualTo(w.linearFlops() / 4 + w.attentionFlops());
        // one batch of all four: everything padded to 5
        assertThat(EncodeWorkload.of(new int[] {2, 5, 3, 3}, 8, f).paddedTokens())
                .isEqualTo(20);
    }

    @Test
    void sortingByLengthRemovesThePaddingOfInputOrder() {
        EncoderFlops f = new EncoderFlops(1, 4, 8, 0);
        int[] lengths = {5, 2, 5, 2};
        // sorted: [5, 5] [2, 2] — no padding; input order: [5, 2] [5, 2] — 6 of 20 tokens are padding
        assertThat(EncodeWorkload.of(lengths, 2, f).paddingShare()).isZero();
        EncodeWorkload unsorted = EncodeBenchmark.inInputOrder(lengths, 2, f);
        assertThat(unsorted.paddedTokens()).isEqualTo(20);
        assertThat(unsorted.paddingShare()).isCloseTo(6.0 / 20, within(1e-12));
        assertThat(unsorted.linearFlops()).isEqualTo(4 * f.linear(5));
    }

    @Test
    void nominalPeakFromCpuinfoFlags() throws Exception {
        Path cpuinfo = tmp.resolve("cpuinfo");
        Files.writeString(
                cpuinfo,
                "processor\t: 0\nmodel name\t: AMD EPYC\ncpu MHz\t\t: 2596.122\n"
                        + "flags\t\t: fpu sse sse2 avx fma avx2 avx512f avx512dq avx512_vnni\n\n"
                        + "processor\t: 1\nmodel name\t: other\ncpu MHz\t\t: 1.0\nflags\t\t: fpu sse\n");
        MachinePeak.Cpu cpu = MachinePeak.Cpu.parse(cpuinfo);
        assertThat(cpu.model()).isEqualTo("AMD EPYC");
        assertThat(cpu.fp32Lanes()).isEqualTo(16);
        assertThat(cpu.vnni()).isTrue();
        // 2 threads × 2 FMA pipes × 16 lanes × 2 FLOPs × 2,596.122 MHz = 332.3 GFLOP/s
        assertThat(cpu.fp32PerSecond(2)).isCloseTo(2 * 2 * 16 * 2 * 2596.122e6, within(1.0));
        assertThat(cpu.int8PerSecond(1)).isCloseTo(4 * cpu.fp32PerSecond(1), within(1.0));

        Files.writeString(cpuinfo, "model name\t: old\ncpu MHz\t: 1000\nflags\t: fpu sse sse2 avx2 fma\n");
        MachinePeak.Cpu avx2 = MachinePeak.Cpu.parse(cpuinfo);
        assertThat(avx2.fp32Lanes()).isEqualTo(8);
        assertThat(avx2.int8PerSecond(1)).isCloseTo(2 * avx2.fp32PerSecond(1), within(1.0));
        assertThat(MachinePeak.Cpu.parse(tmp.resolve("absent")).fp32PerSecond(2))
                .isNaN();
    }

    @Test
    void thePeakIsTheBestProbeThatRan() {
        MachinePeak.Peak p = new MachinePeak.Peak(java.util.List.of(
                new MachinePeak.Probe("a", 1e9),
                new MachinePeak.Probe("b", Double.NaN),
                new MachinePeak.Probe("c", 3e9)));
        assertThat(p.best()).isEqualTo(3e9);
        assertThat(p.bestName()).isEqualTo("c");
        assertThat(p.describe()).contains("b n/a").contains("peak 3.0 G/s (c)");
        // a later reading under load reads lower: probe by probe, the better reading is kept
        MachinePeak.Peak later = new MachinePeak.Peak(java.util.List.of(
                new MachinePeak.Probe("a", 2e9), new MachinePeak.Probe("b", 5e8), new MachinePeak.Probe("c", 1e9)));
        MachinePeak.Peak merged = p.max(later);
        assertThat(merged.probes()).extracting(MachinePeak.Probe::perSecond).containsExactly(2e9, 5e8, 3e9);
        assertThat(merged.best()).isEqualTo(3e9);
    }
}
