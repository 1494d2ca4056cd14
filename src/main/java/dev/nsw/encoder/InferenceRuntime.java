package dev.nsw.encoder;

import java.io.IOException;
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
     */
    public static TextEncoder open(String modelOrFolder, EncoderOptions options, Choice choice) throws IOException {
        return open(modelOrFolder, options, choice, OnnxCache.folder());
    }

    /** {@link #open(String, EncoderOptions, Choice)} with the {@link OnnxCache} in {@code cache}. */
    static TextEncoder open(String modelOrFolder, EncoderOptions options, Choice choice, Path cache)
            throws IOException {
        Path folder = Path.of(modelOrFolder);
        if (PretrainedModel.byName(modelOrFolder).isEmpty() && ModelExport.isExport(folder)) {
            if (choice == Choice.TORCH) {
                throw new IllegalArgumentException(folder + " is an ONNX export: it runs on onnx, not torch");
            }
            ModelExport.Metadata meta = ModelExport.read(folder);
            if (options.outputEmbSize() != EncoderOptions.KEEP && options.outputEmbSize() != meta.outputEmbSize()) {
                throw new IllegalArgumentException(folder + " was exported with output_emb_size " + meta.outputEmbSize()
                        + "; it cannot give " + options.outputEmbSize());
            }
            return OnnxRuntimeEncoder.openExport(
                    folder, options.maxSeqLength(), options.batchSize(), options.threads());
        }
        if (choice == Choice.TORCH) {
            return Encoder.open(modelOrFolder, options);
        }
        Path entryFolder = OnnxCache.entryFolder(cache, modelOrFolder, options);
        Optional<OnnxCache.Entry> cached = OnnxCache.find(entryFolder);
        if (cached.isPresent()) {
            try {
                return OnnxRuntimeEncoder.fromCache(cached.get(), options);
            } catch (IOException | RuntimeException | LinkageError e) {
                if (choice == Choice.ONNX) {
                    throw e;
                }
                return Encoder.open(modelOrFolder, options); // auto: ONNX Runtime is not usable here, DJL is
            }
        }
        Encoder encoder = Encoder.open(modelOrFolder, options);
        OnnxCache.Entry entry;
        try {
            entry = OnnxCache.store(entryFolder, encoder);
        } catch (IOException | java.io.UncheckedIOException e) {
            return inMemory(encoder, choice, options); // the cache folder is not writable here
        } catch (RuntimeException | LinkageError e) {
            encoder.close();
            throw e;
        }
        encoder.close();
        // The graph was built on the heap (about 10x the model in transient copies): give that memory back to
        // the OS before the long run, or G1 keeps it committed (RSS) for the whole process.
        System.gc();
        try {
            return OnnxRuntimeEncoder.fromCache(entry, options);
        } catch (IOException | RuntimeException | LinkageError e) {
            if (choice == Choice.ONNX) {
                throw e;
            }
            return Encoder.open(modelOrFolder, options);
        }
    }

    /** The DJL encoder's graph built in memory and handed to ONNX Runtime (without the cache). */
    private static TextEncoder inMemory(Encoder encoder, Choice choice, EncoderOptions options) {
        try {
            OnnxRuntimeEncoder onnx = OnnxRuntimeEncoder.of(encoder, options.threads());
            encoder.close();
            return onnx;
        } catch (RuntimeException | LinkageError e) {
            if (choice == Choice.ONNX) {
                encoder.close();
                throw e;
            }
            return encoder; // auto: ONNX Runtime is not usable here, DJL is
        }
    }
}
