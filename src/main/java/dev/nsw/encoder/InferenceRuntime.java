package dev.nsw.encoder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Opens a model for inference (embedding, indexing, recall, search, serving) on ONNX Runtime or on
 * DJL/PyTorch — one rule for the CLI, the GUI and the server. Training always uses DJL ({@link Encoder}).
 *
 * <ul>
 *   <li>an export folder ({@link ModelExport}) runs on ONNX Runtime only;</li>
 *   <li>a bundled model or a model folder runs, for {@code onnx}/{@code auto}, from its entry in the
 *       {@link OnnxCache}; the first time, DJL loads it, its weights are written as an ONNX graph
 *       ({@link OnnxExport}) into the cache and the DJL copy is closed. {@code auto} falls back to DJL when
 *       ONNX Runtime cannot load.</li>
 * </ul>
 * Both give the same vectors (cosine ≥ 0.9999) and the same {@link TextEncoder#modelId()}.
 *
 * <p>Precision ({@link EncoderOptions#precision()}): {@link Precision#INT8} runs on ONNX Runtime only — a
 * bundled model or model folder from its own int8 cache entry, an export folder only if it was exported
 * int8 — and is refused on torch, with no fallback to DJL under {@code auto}. An export folder runs at the
 * precision it was exported with unless int8 is asked of an fp32 export (refused: re-export it with
 * {@code --quantize int8}).
 */
public final class InferenceRuntime {
    private InferenceRuntime() {}

    /** Which runtime to use; {@link #AUTO} is ONNX Runtime (the faster on CPU, see {@code nsw bench encode}). */
    public enum Choice {
        AUTO,
        ONNX,
        TORCH;

        /** {@code auto}, {@code onnx} or {@code torch} (case-insensitive). */
        public static Choice parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--runtime must be auto, onnx or torch, got '" + s + "'");
            }
        }
    }

    /**
     * Opens {@code modelOrFolder} (bundled name, model folder or export folder) on the chosen runtime.
     *
     * @throws IllegalArgumentException when an export folder is asked to run on torch, or with another projection
     *     or int8 of an fp32 export; when int8 is asked of torch
     */
    public static TextEncoder open(String modelOrFolder, EncoderOptions options, Choice choice) throws IOException {
        return open(modelOrFolder, options, choice, OnnxCache.folder());
    }

    /** {@link #open(String, EncoderOptions, Choice)} with the {@link OnnxCache} in {@code cache}. */
    static TextEncoder open(String modelOrFolder, EncoderOptions options, Choice choice, Path cache)
            throws IOException {
        Path folder = Path.of(modelOrFolder);
        boolean int8 = options.precision() == Precision.INT8;
        if (PretrainedModel.byName(modelOrFolder).isEmpty() && ModelExport.isExport(folder)) {
            if (choice == Choice.TORCH) {
                throw new IllegalArgumentException(folder + " is an ONNX export: it runs on onnx, not torch");
            }
            ModelExport.Metadata meta = ModelExport.read(folder);
            if (options.outputEmbSize() != EncoderOptions.KEEP && options.outputEmbSize() != meta.outputEmbSize()) {
                throw new IllegalArgumentException(folder + " was exported with output_emb_size " + meta.outputEmbSize()
                        + "; it cannot give " + options.outputEmbSize());
            }
            if (int8 && meta.precision() != Precision.INT8) {
                throw new IllegalArgumentException(folder + " is an " + meta.precision()
                        + " export; int8 needs an int8 export (nsw export --quantize int8) or the model folder");
            }
            return OnnxRuntimeEncoder.openExport(
                    folder, options.maxSeqLength(), options.batchSize(), options.threads());
        }
        if (int8 && choice == Choice.TORCH) {
            throw new IllegalArgumentException(
                    "int8 runs on ONNX Runtime only (--runtime onnx or auto); the DJL/PyTorch runtime is fp32");
        }
        if (choice == Choice.TORCH) {
            return Encoder.open(modelOrFolder, options);
        }
        Path entryFolder = OnnxCache.entryFolder(cache, modelOrFolder, options);
        Optional<OnnxCache.Entry> cached = OnnxCache.find(entryFolder);
        // auto falls back to DJL where ONNX Runtime cannot run; int8 has no DJL to fall back to
        boolean fallback = choice == Choice.AUTO && !int8;
        EncoderOptions fp32 = options.withPrecision(Precision.FP32);
        if (cached.isPresent()) {
            try {
                return OnnxRuntimeEncoder.fromCache(cached.get(), options);
            } catch (IOException | RuntimeException | LinkageError e) {
                if (!fallback) {
                    throw e;
                }
                return Encoder.open(modelOrFolder, fp32); // auto: ONNX Runtime is not usable here, DJL is
            }
        }
        Encoder encoder = Encoder.open(modelOrFolder, fp32); // the weights, read once to write the entry
        OnnxCache.Entry entry;
        try {
            entry = OnnxCache.store(entryFolder, encoder, options.precision());
        } catch (IOException | UncheckedIOException e) {
            return inMemory(encoder, fallback, options); // the cache folder is not writable here
        } catch (RuntimeException | LinkageError e) {
            encoder.close();
            throw e;
        }
        encoder.close();
        // Reading the model left transient copies of it on the heap: give that memory back to the OS before the
        // long run, or G1 keeps it committed (RSS) for the whole process.
        System.gc();
        try {
            return OnnxRuntimeEncoder.fromCache(entry, options);
        } catch (IOException | RuntimeException | LinkageError e) {
            if (!fallback) {
                throw e;
            }
            return Encoder.open(modelOrFolder, fp32);
        }
    }

    /** The DJL encoder's graph built in memory and handed to ONNX Runtime (without the cache). */
    private static TextEncoder inMemory(Encoder encoder, boolean fallback, EncoderOptions options) {
        try {
            OnnxRuntimeEncoder onnx = OnnxRuntimeEncoder.of(encoder, options.threads(), options.precision());
            encoder.close();
            return onnx;
        } catch (RuntimeException | LinkageError e) {
            if (!fallback) {
                encoder.close();
                throw e;
            }
            return encoder; // auto: ONNX Runtime is not usable here, DJL is
        }
    }
}
