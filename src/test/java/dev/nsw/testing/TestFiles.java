package dev.nsw.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes test inputs: text as UTF-8, or raw byte pieces for encoding tests. */
public final class TestFiles {
    public static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    /** 0xC3 starts a two-byte sequence, 0x28 '(' is not a continuation byte: invalid UTF-8. */
    public static final byte[] INVALID_UTF8 = {(byte) 0xC3, (byte) 0x28};

    private TestFiles() {}

    public static Path write(Path dir, String name, String content) {
        return bytes(dir, name, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Concatenates the pieces: {@code String}s as UTF-8, {@code byte[]}s as they are. */
    public static Path bytes(Path dir, String name, Object... pieces) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : pieces) {
            byte[] b = p instanceof byte[] raw ? raw : p.toString().getBytes(StandardCharsets.UTF_8);
            out.writeBytes(b);
        }
        try {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.write(file, out.toByteArray());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
