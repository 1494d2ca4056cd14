package dev.nsw.io;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Fingerprints that bind derived files (embeddings, indexes) to the data they were made from.
 *
 * <p>{@link #ofTexts}: SHA-256 over the texts in order, each as its UTF-8 length (4 bytes, big-endian)
 * followed by its UTF-8 bytes — so {@code ["ab","c"]} and {@code ["a","bc"]} differ, and so does any
 * reordering. Hex, lower case.
 */
public final class Fingerprint {
    private Fingerprint() {}

    public static String ofTexts(List<String> texts) {
        MessageDigest sha = sha256();
        byte[] length = new byte[4];
        for (String t : texts) {
            byte[] b = t.getBytes(StandardCharsets.UTF_8);
            length[0] = (byte) (b.length >>> 24);
            length[1] = (byte) (b.length >>> 16);
            length[2] = (byte) (b.length >>> 8);
            length[3] = (byte) b.length;
            sha.update(length);
            sha.update(b);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** Hex SHA-256 of a file's bytes (checksums of index data files and embedding caches). */
    public static String ofFile(java.nio.file.Path file) throws java.io.IOException {
        MessageDigest sha = sha256();
        byte[] buf = new byte[1 << 16];
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            for (int r; (r = in.read(buf)) > 0; ) {
                sha.update(buf, 0, r);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** The first 12 hex digits, for messages. */
    public static String shortForm(String fingerprint) {
        return fingerprint == null ? "(none)" : fingerprint.substring(0, Math.min(12, fingerprint.length()));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
