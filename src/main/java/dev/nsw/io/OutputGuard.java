package dev.nsw.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The rule "an output is never one of the inputs", in one place. Before any work starts, every path a job
 * will write is compared with every path it reads: the same file (by real path, so {@code ./a}, {@code a}
 * and a symbolic link to it are equal, or by file identity for hard links), or an input inside an output
 * folder that will be replaced, is refused with one line naming both.
 */
public final class OutputGuard {
    private OutputGuard() {}

    /**
     * A path a job reads or writes.
     *
     * @param name   how the user named it (an option such as {@code --corpus})
     * @param folder for outputs: the whole folder is written or replaced (inputs inside it are lost too)
     */
    public record Role(String name, Path path, boolean folder) {
        public static Role input(String name, Path path) {
            return new Role(name, path, false);
        }

        public static Role output(String name, Path path) {
            return new Role(name, path, false);
        }

        public static Role outputFolder(String name, Path path) {
            return new Role(name, path, true);
        }
    }

    /** @throws RefusedWriteException when an output is an input, or an output folder holds an input */
    public static void requireDistinct(List<Role> inputs, List<Role> outputs) {
        for (Role out : outputs) {
            Path o = canonical(out.path());
            for (Role in : inputs) {
                Path i = canonical(in.path());
                if (o.equals(i) || sameFile(out.path(), in.path())) {
                    throw new RefusedWriteException(
                            "the output " + out.path() + " (" + out.name() + ") is also an input (" + in.name()
                                    + "); writing it would destroy the input: choose another output");
                }
                if (out.folder() && i.startsWith(o)) {
                    throw new RefusedWriteException("the output folder " + out.path() + " (" + out.name()
                            + ") holds an input, " + in.path() + " (" + in.name()
                            + "); writing it could destroy the input: choose another output folder");
                }
            }
            // two outputs into one character device (-o /dev/null --trec-run /dev/null) discard both: allowed
            boolean device = SpecialFiles.kindOf(out.path()) == SpecialFiles.Kind.CHARACTER_DEVICE;
            for (Role other : outputs) {
                if (other != out && !device && (o.equals(canonical(other.path())))) {
                    throw new RefusedWriteException(out.name() + " and " + other.name() + " name the same file "
                            + out.path() + "; give each output its own path");
                }
            }
        }
    }

    /**
     * The real path of {@code p}, or of its deepest existing ancestor with the rest appended (an output
     * usually does not exist yet).
     */
    static Path canonical(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        Path rest = null;
        while (existing != null && !Files.exists(existing)) {
            Path name = existing.getFileName();
            rest = rest == null ? name : name.resolve(rest);
            existing = existing.getParent();
        }
        if (existing == null) {
            return abs;
        }
        try {
            Path real = existing.toRealPath();
            return rest == null ? real : real.resolve(rest);
        } catch (IOException e) {
            return abs;
        }
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }
}
