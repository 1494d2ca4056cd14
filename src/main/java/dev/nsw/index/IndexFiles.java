package dev.nsw.index;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.nsw.io.AtomicFiles;
import dev.nsw.io.FolderLock;
import dev.nsw.io.OwnedFolder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * On-disk layout of a saved index and the atomic-write helpers behind it.
 *
 * <p>An index folder holds {@value #METADATA_FILE} plus the data files it names. Each save writes new data
 * files under fresh names (temp file in the same folder, fsync, atomic rename), then replaces
 * {@code index.json} the same way: that rename is the commit. A crash leaves either the old or the new
 * index readable; data files no longer named by {@code index.json} are deleted afterwards.
 *
 * <p>A save that is killed (power cut, {@code kill -9}) cannot clean up after itself, so before writing it
 * records the names it is about to create in {@value #SAVE_JOURNAL}; the journal is removed after the commit.
 * The next save, under the same folder lock, finds a journal left behind and deletes exactly those names
 * and their temporaries ({@code .NAME.<random>.tmp}) unless {@code index.json} names them. Files are never
 * deleted by pattern alone: a user's {@code hnsw-*.bin} in the folder is not nsw's to remove.
 */
public final class IndexFiles {
    /** Name of the metadata file inside an index folder. */
    public static final String METADATA_FILE = "index.json";

    /** Names a save is about to create, one a line; present only while a save runs or after one was killed. */
    static final String SAVE_JOURNAL = ".nsw-index-save";

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private IndexFiles() {}

    /**
     * Saves an index folder: data file(s) first, then {@code index.json}, then removes stale data files.
     *
     * @param dir       the index folder (created if needed)
     * @param meta      metadata without file names
     * @param dataExt   extension of the data file, e.g. {@code ".bin"}
     * @param data      writes the data file
     * @param ids       external ids, or null when they are the ordinals
     */
    static void save(Path dir, IndexMetadata meta, String dataExt, AtomicFiles.StreamBody data, String[] ids)
            throws IOException {
        try (FolderLock lock = OwnedFolder.claimLocked(dir, OwnedFolder.Kind.VECTOR_INDEX)) {
            saveLocked(dir, meta, dataExt, data, ids);
        }
    }

    private static void saveLocked(
            Path dir, IndexMetadata meta, String dataExt, AtomicFiles.StreamBody data, String[] ids)
            throws IOException {
        Set<String> previous = namedFiles(dir); // the only files a save may delete: those the last save wrote
        removeWhatAKilledSaveLeft(dir, previous);
        String token = Long.toHexString(System.currentTimeMillis()) + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt() & 0xffffff);
        String dataName = meta.kind() + "-" + token + dataExt;
        String idsName = ids == null ? null : "ids-" + token + ".txt";
        beginSave(dir, idsName == null ? List.of(dataName, METADATA_FILE) : List.of(dataName, idsName, METADATA_FILE));
        String dataSha = AtomicFiles.writeHashed(dir.resolve(dataName), data);
        String idsSha = null;
        if (ids != null) {
            idsSha = AtomicFiles.writeHashed(dir.resolve(idsName), out -> {
                for (String id : ids) {
                    out.write(id.getBytes(StandardCharsets.UTF_8));
                    out.write('\n');
                }
            });
        }
        IndexMetadata full = meta.withFiles(dataName, dataSha, idsName, idsSha);
        AtomicFiles.writeHashed(dir.resolve(METADATA_FILE), out -> JSON.writeValue(out, full));
        for (String name : previous) {
            if (!name.equals(dataName) && !name.equals(idsName)) {
                Files.deleteIfExists(dir.resolve(name));
            }
        }
        Files.deleteIfExists(dir.resolve(SAVE_JOURNAL));
    }

    /** Records the names a save is about to create (package-private: tests leave a journal as a kill would). */
    static void beginSave(Path dir, List<String> names) throws IOException {
        Files.createDirectories(dir);
        AtomicFiles.writeHashed(
                dir.resolve(SAVE_JOURNAL),
                out -> out.write((String.join("\n", names) + "\n").getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Deletes what a killed save left: each name in the journal that the current {@code index.json} does not
     * name (a complete but uncommitted data file), and every {@code .NAME.<random>.tmp} temporary of a
     * journal name (a half-written one; {@code index.json} itself is never deleted, only its temporaries).
     */
    private static void removeWhatAKilledSaveLeft(Path dir, Set<String> committed) throws IOException {
        Path journal = dir.resolve(SAVE_JOURNAL);
        List<String> names = Files.isRegularFile(journal)
                ? Files.readAllLines(journal, StandardCharsets.UTF_8).stream()
                        .filter(IndexFiles::isPlainFileName)
                        .toList()
                : List.of();
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                String n = file.getFileName().toString();
                // the journal's own temporary: a kill while the journal itself was being written
                boolean leftover = AtomicFiles.isTemporaryOf(n, SAVE_JOURNAL);
                for (String name : names) {
                    boolean uncommitted = n.equals(name) && !committed.contains(name) && !name.equals(METADATA_FILE);
                    leftover |= uncommitted || AtomicFiles.isTemporaryOf(n, name);
                }
                if (leftover && Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.deleteIfExists(file);
                }
            }
        }
        Files.deleteIfExists(journal);
    }

    /** A file name inside the index folder itself: no path separator, not hidden (nsw's own names are). */
    private static boolean isPlainFileName(String name) {
        return !name.isEmpty() && !name.contains("/") && !name.contains("\\") && !name.startsWith(".");
    }

    /** Data files named by the folder's current {@code index.json}; none when there is no readable one. */
    private static Set<String> namedFiles(Path dir) {
        if (!Files.isRegularFile(dir.resolve(METADATA_FILE))) {
            return Set.of();
        }
        try {
            IndexMetadata old = readMetadata(dir);
            Set<String> names = new java.util.HashSet<>();
            for (String n : new String[] {old.dataFile(), old.idsFile()}) {
                if (n != null && isPlainFileName(n)) {
                    names.add(n);
                }
            }
            return names;
        } catch (IOException | RuntimeException e) {
            return Set.of(); // an unreadable old index: keep its files rather than guess
        }
    }

    /** Reads and checks {@code index.json} of the folder {@code dir} (or the file itself). */
    public static IndexMetadata readMetadata(Path dir) throws IOException {
        Path file = Files.isDirectory(dir) ? dir.resolve(METADATA_FILE) : dir;
        IndexMetadata meta;
        try (InputStream in = Files.newInputStream(file)) {
            meta = JSON.readValue(in, IndexMetadata.class);
        } catch (NoSuchFileException e) {
            throw new IndexFormatException(dir, "not an index folder (no " + METADATA_FILE + ")");
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IndexFormatException(file, "not an nsw index metadata file: " + e.getOriginalMessage(), e);
        }
        if (meta == null || !IndexMetadata.FORMAT.equals(meta.format())) {
            throw new IndexFormatException(
                    file,
                    "not an nsw index metadata file (format is '" + (meta == null ? null : meta.format())
                            + "', expected '" + IndexMetadata.FORMAT + "')");
        }
        if (meta.formatVersion() != IndexMetadata.FORMAT_VERSION) {
            throw new IndexFormatException(
                    file,
                    "index format version " + meta.formatVersion() + " is not supported (this program reads version "
                            + IndexMetadata.FORMAT_VERSION + ")");
        }
        if (meta.dimensions() <= 0
                || meta.size() < 0
                || meta.dataFile() == null
                || meta.dataSha256() == null
                || meta.modelId() == null
                || meta.kind() == null) {
            throw new IndexFormatException(file, "incomplete index metadata: " + meta);
        }
        return meta;
    }

    /** Resolves a file named by the metadata and checks that its SHA-256 matches. */
    static Path verifiedFile(Path dir, String name, String expectedSha) throws IOException {
        if (!isPlainFileName(name)) {
            throw new IndexFormatException(dir, "bad data file name in metadata: " + name);
        }
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new IndexFormatException(dir, "index data file " + name + " is missing");
        }
        String actual = sha256Hex(file);
        if (!actual.equalsIgnoreCase(expectedSha)) {
            throw new IndexFormatException(
                    file,
                    "checksum mismatch (file is corrupt or was not written by nsw): " + "expected SHA-256 "
                            + expectedSha + ", found " + actual);
        }
        return file;
    }

    static String[] readIds(Path dir, IndexMetadata meta) throws IOException {
        if (meta.idsFile() == null) {
            return null;
        }
        Path file = verifiedFile(dir, meta.idsFile(), meta.idsSha256());
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.size() != meta.size()) {
            throw new IndexFormatException(file, lines.size() + " ids for an index of size " + meta.size());
        }
        return lines.toArray(String[]::new);
    }

    static String sha256Hex(Path file) throws IOException {
        return dev.nsw.io.Fingerprint.ofFile(file);
    }
}
