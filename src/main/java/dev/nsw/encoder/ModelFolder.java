package dev.nsw.encoder;

import dev.nsw.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The rules for writing a model folder, shared by the dual-tower {@link Encoder} and the cross-encoder
 * (whose folder is a model folder plus its head): what a model folder holds, when an existing folder may be
 * replaced, and the atomic write (everything into a temporary sibling, then one swap).
 */
public final class ModelFolder {
    /** BERT configuration (HuggingFace names, plus {@code output_emb_size} for a projection). */
    public static final String CONFIG_FILE = "config.json";
    /** All weights, safetensors. */
    public static final String WEIGHTS_FILE = "model.safetensors";
    /** HuggingFace tokenizers' JSON. */
    public static final String TOKENIZER_FILE = "tokenizer.json";
    /** nsw's metadata: name, {@code model_id}, max_seq_length. */
    public static final String META_FILE = "nsw-model.json";

    private ModelFolder() {}

    /** Whether {@code folder} holds a model (its configuration). */
    public static boolean isModel(Path folder) {
        return Files.isRegularFile(folder.resolve(CONFIG_FILE));
    }

    /**
     * Writes a folder of kind {@code kind} at {@code folder}: {@code writeInto} fills a fresh temporary sibling,
     * which then replaces the target in one swap ({@link AtomicFiles#replaceDirectory}). The target may be
     * absent, an empty folder, or a folder {@code replaceable} accepts; anything else is refused, naming it.
     */
    public static void write(Path folder, String kind, Predicate<Path> replaceable, FolderWriter writeInto)
            throws IOException {
        Path target = folder.toAbsolutePath().normalize();
        if (Files.exists(target) && !replaceable.test(target) && !isEmptyFolder(target)) {
            throw new IOException("refusing to replace " + target + ": it is not a " + kind + " folder");
        }
        Files.createDirectories(target.getParent());
        Path tmp = AtomicFiles.newTempSibling(target);
        try {
            writeInto.write(tmp);
            AtomicFiles.replaceDirectory(tmp, target);
        } catch (IOException | RuntimeException e) {
            AtomicFiles.deleteTree(tmp);
            throw e;
        }
    }

    private static boolean isEmptyFolder(Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            return false;
        }
        try (Stream<Path> s = Files.list(path)) {
            return s.findAny().isEmpty();
        }
    }

    /** Fills a (temporary) folder. */
    @FunctionalInterface
    public interface FolderWriter {
        void write(Path folder) throws IOException;
    }
}
