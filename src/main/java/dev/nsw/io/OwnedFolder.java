package dev.nsw.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The rule "never delete or overwrite what nsw did not create", in one place. A folder nsw writes (vector
 * index, BM25 index, training run, model, workspace) carries a marker file {@value #MARKER} that names its
 * kind. nsw writes into, replaces or clears a folder only when it does not exist, is empty, or carries the
 * marker of the same kind; any other folder is refused with one line naming it.
 *
 * <p>Folders written before markers existed are recognised by their kind's signature file (e.g. an
 * {@code index.json} of format {@code nsw-vector-index}) and get the marker on their next write.
 */
public final class OwnedFolder {
    /** Name of the marker file; its single line is {@code nsw-folder <kind>}. */
    public static final String MARKER = ".nsw-folder";

    /** The kinds of folder nsw writes, each with the file that identified it before markers existed. */
    public enum Kind {
        VECTOR_INDEX("vector-index", "vector index", "index.json", "nsw-vector-index"),
        BM25_INDEX("bm25-index", "BM25 index", "nsw-bm25.json", "nsw-bm25/"),
        TRAINING_RUN("training-run", "training run", "checkpoint/trainer-state.json", "nsw-trainer/"),
        SYNTHETIC_DATA("synthetic-data", "synthetic data set", "nsw-synth.json", "nsw-synth"),
        EMBEDDING_MAP("embedding-map", "map", "map.csv", "kind,id,x,y,status,first_relevant_rank"),
        ENGINE_DATA("engine-data", "engine data folder", null, null),
        SHARDED_EMBEDDINGS("sharded-embeddings", "sharded embeddings folder", null, null);

        final String id;
        final String label;
        final String legacyFile;
        final String legacyContent;

        Kind(String id, String label, String legacyFile, String legacyContent) {
            this.id = id;
            this.label = label;
            this.legacyFile = legacyFile;
            this.legacyContent = legacyContent;
        }

        /** What users read: "vector index", "training run", ... */
        public String label() {
            return label;
        }
    }

    /** Files nsw itself puts in any folder; a folder holding only these counts as empty. */
    private static final Set<String> BOOKKEEPING = Set.of(MARKER, FolderLock.LOCK_FILE);

    private OwnedFolder() {}

    /**
     * Makes {@code dir} ready for writing as a folder of {@code kind}: creates it when missing, checks it
     * otherwise, and leaves the marker in it.
     *
     * @throws RefusedWriteException when {@code dir} is a file, or a non-empty folder nsw did not create as
     *     this kind
     */
    public static Path claim(Path dir, Kind kind) {
        requireWritable(dir, kind);
        try {
            Files.createDirectories(dir);
            mark(dir, kind);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        return dir;
    }

    /**
     * Checks, without touching anything, that nsw may replace or write into {@code dir} as a folder of
     * {@code kind} (missing, empty, or marked as this kind, or a folder of this kind from before markers).
     */
    public static void requireWritable(Path dir, Kind kind) {
        if (!Files.exists(dir)) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw new RefusedWriteException(
                    dir + " is a file, not a " + kind.label + " folder; choose a new folder name");
        }
        String found = markerKind(dir);
        if (found != null) {
            if (found.equals(kind.id)) {
                return;
            }
            throw new RefusedWriteException("refusing to write a " + kind.label + " into " + dir + ": it is an nsw "
                    + labelOf(found) + " folder; choose another folder");
        }
        if (isEmpty(dir) || isLegacy(dir, kind)) {
            return;
        }
        throw new RefusedWriteException("refusing to write a " + kind.label + " into " + dir
                + ": the folder is not empty and was not created by nsw (no " + MARKER
                + " marker); choose a new or empty folder");
    }

    /**
     * {@link #claim}s {@code dir} and locks it for this job ({@link FolderLock}): the check comes first, so
     * that a refused folder gets no lock file either.
     */
    public static FolderLock claimLocked(Path dir, Kind kind) {
        requireWritable(dir, kind);
        FolderLock lock = FolderLock.acquire(dir);
        try {
            claim(dir, kind);
            return lock;
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** Writes the marker of {@code kind} into {@code dir} (a folder nsw just created, e.g. a temporary one). */
    public static void mark(Path dir, Kind kind) throws IOException {
        Path marker = dir.resolve(MARKER);
        if (!kind.id.equals(markerKind(dir))) {
            Files.writeString(marker, "nsw-folder " + kind.id + "\n", StandardCharsets.UTF_8);
        }
    }

    /** Whether {@code dir} carries the marker of {@code kind}. */
    public static boolean isMarked(Path dir, Kind kind) {
        return kind.id.equals(markerKind(dir));
    }

    private static String markerKind(Path dir) {
        Path marker = dir.resolve(MARKER);
        if (!Files.isRegularFile(marker)) {
            return null;
        }
        try {
            List<String> lines = Files.readAllLines(marker, StandardCharsets.UTF_8);
            if (!lines.isEmpty() && lines.getFirst().startsWith("nsw-folder ")) {
                return lines.getFirst().substring("nsw-folder ".length()).strip();
            }
            return "unknown";
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String labelOf(String id) {
        for (Kind k : Kind.values()) {
            if (k.id.equals(id)) {
                return k.label;
            }
        }
        return "'" + id + "'";
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.allMatch(p -> BOOKKEEPING.contains(p.getFileName().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** A folder of this kind written by an nsw without markers: its signature file holds the format tag. */
    private static boolean isLegacy(Path dir, Kind kind) {
        if (kind.legacyFile == null) {
            return false;
        }
        Path file = dir.resolve(kind.legacyFile);
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > (1 << 20)) {
                return false;
            }
            return Files.readString(file, StandardCharsets.UTF_8).contains(kind.legacyContent);
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }
}
