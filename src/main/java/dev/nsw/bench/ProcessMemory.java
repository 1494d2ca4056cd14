package dev.nsw.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * This process's resident memory as Linux counts it ({@code /proc/self/status}): the current RSS and its peak
 * (VmHWM, what {@code /usr/bin/time -v} reports as "Maximum resident set size"), and a reset of the peak
 * ({@code /proc/self/clear_refs}, value 5) so that each phase of a benchmark gets its own peak. Empty where
 * there is no {@code /proc} (not Linux).
 */
public final class ProcessMemory {
    private ProcessMemory() {}

    /** VmHWM: the most resident memory since the process started or the last {@link #resetPeak}. */
    public static OptionalLong peakRssBytes() {
        return statusField("VmHWM:");
    }

    /** VmRSS: resident memory now (heap, native, and mapped file pages that are in memory). */
    public static OptionalLong rssBytes() {
        return statusField("VmRSS:");
    }

    /** Starts a new peak at the current RSS; false where the kernel does not allow it. */
    public static boolean resetPeak() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Heap in use after a collection (live objects, approximately). */
    public static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    private static OptionalLong statusField(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(name)) {
                    String[] f = line.substring(name.length()).trim().split("\\s+");
                    return OptionalLong.of(Long.parseLong(f[0]) * 1024L); // reported in kB
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or /proc not mounted
        }
        return OptionalLong.empty();
    }
}
