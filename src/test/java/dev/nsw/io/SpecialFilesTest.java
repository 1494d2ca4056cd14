package dev.nsw.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21, item 1: an output that is not a regular file is never renamed over. Everything here happens in a
 * temporary folder: a FIFO, symbolic links, a socket and a private character device made with {@code mknod}
 * (never the machine's own {@code /dev/null}).
 */
class SpecialFilesTest {
    @TempDir
    Path dir;

    final List<String> notices = new CopyOnWriteArrayList<>();

    /** Threads of their own: a blocked FIFO open must not hold the common pool (one thread on a 2-core machine). */
    static final java.util.concurrent.ExecutorService THREADS =
            java.util.concurrent.Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "fifo-test");
                t.setDaemon(true);
                return t;
            });

    @AfterEach
    void restoreNotices() {
        SpecialFiles.setNotices(line -> {
            System.err.println(line);
            System.err.flush();
        });
    }

    private Path fifo(String name) throws Exception {
        Path p = dir.resolve(name);
        Process mk = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
        assumeTrue(mk.waitFor() == 0, "mkfifo is available");
        return p;
    }

    /** Reads {@code p} to its end on another thread (the reader a FIFO's writer waits for). */
    private static CompletableFuture<String> readAll(Path p) {
        return readAll(() -> Files.newInputStream(p)).thenApply(b -> new String(b, StandardCharsets.UTF_8));
    }

    @FunctionalInterface
    private interface Opener {
        InputStream open() throws java.io.IOException;
    }

    private static CompletableFuture<byte[]> readAll(Opener opener) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try (InputStream in = opener.open()) {
                        return in.readAllBytes();
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                },
                THREADS);
    }

    /** Waits (up to 20 s) for the one notice a blocked FIFO open gives, and checks what it says. */
    private void assertNoticeOnce(String waitingFor, Path fifo) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (notices.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(notices).singleElement().asString().contains(waitingFor).contains(fifo.toString());
    }

    private List<String> names() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aFifoOutputIsWrittenAsAStreamAndStaysAFifo() throws Exception {
        Path fifo = fifo("out.fifo");
        CompletableFuture<String> reader = readAll(fifo);
        AtomicFiles.writeText(fifo, w -> w.write("q1\tQ0\td1\t1\t0.9\trun\n"));
        assertThat(reader.get(10, TimeUnit.SECONDS)).isEqualTo("q1\tQ0\td1\t1\t0.9\trun\n");
        assertThat(SpecialFiles.kindOf(fifo)).isEqualTo(SpecialFiles.Kind.FIFO);
        assertThat(names()).as("no temporary file beside it").containsExactly("out.fifo");

        // the hashed (index) write path too
        CompletableFuture<String> again = readAll(fifo);
        String sha = AtomicFiles.writeHashed(fifo, out -> out.write("abc".getBytes(StandardCharsets.UTF_8)));
        assertThat(again.get(10, TimeUnit.SECONDS)).isEqualTo("abc");
        assertThat(sha).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(SpecialFiles.kindOf(fifo)).isEqualTo(SpecialFiles.Kind.FIFO);
    }

    @Test
    void aFifoWithNoReaderSaysWhatItWaitsForThenWrites() throws Exception {
        Path fifo = fifo("late.fifo");
        SpecialFiles.setNotices(notices::add);
        CompletableFuture<Void> writer =
                CompletableFuture.runAsync(() -> AtomicFiles.writeText(fifo, w -> w.write("x")), THREADS);
        assertNoticeOnce("waiting for a reader", fifo);
        assertThat(writer).isNotDone();
        assertThat(readAll(fifo).get(10, TimeUnit.SECONDS)).isEqualTo("x");
        writer.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aFifoInputWithNoWriterSaysWhatItWaitsFor() throws Exception {
        Path fifo = fifo("in.fifo");
        SpecialFiles.setNotices(notices::add);
        CompletableFuture<String> read =
                readAll(() -> SpecialFiles.openInput(fifo)).thenApply(b -> new String(b, StandardCharsets.UTF_8));
        assertNoticeOnce("waiting for a writer", fifo);
        Files.writeString(fifo, "北京\n");
        assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo("北京\n");
        // read again (a command detecting the kind, then parsing): the same content, no second writer needed
        try (InputStream again = SpecialFiles.openInput(fifo)) {
            assertThat(new String(again.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("北京\n");
        }
    }

    @Test
    void aSymbolicLinkKeepsBeingALinkAndItsTargetIsReplaced() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path target = Files.writeString(data.resolve("run.trec"), "old\n");
        Path link = Files.createSymbolicLink(dir.resolve("run-link.trec"), Path.of("data/run.trec")); // relative
        Path chain = Files.createSymbolicLink(dir.resolve("chain.trec"), link);
        AtomicFiles.writeText(chain, w -> w.write("new\n"));
        assertThat(Files.isSymbolicLink(chain)).isTrue();
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(target)).isEqualTo("new\n");
        try (Stream<Path> s = Files.list(data)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("run.trec");
        }
        // a link whose target does not exist yet: the target is created, the link stays
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling.txt"), data.resolve("made.txt"));
        AtomicFiles.writeText(dangling, w -> w.write("made\n"));
        assertThat(Files.isSymbolicLink(dangling)).isTrue();
        assertThat(Files.readString(data.resolve("made.txt"))).isEqualTo("made\n");
        // a link loop is one line, not a stack overflow or a replaced link
        Path a = dir.resolve("loop-a");
        Path b = dir.resolve("loop-b");
        Files.createSymbolicLink(a, b);
        Files.createSymbolicLink(b, a);
        assertThatThrownBy(() -> AtomicFiles.writeText(a, w -> w.write("x"))).hasMessageContaining("symbolic links");
        assertThat(Files.isSymbolicLink(a)).isTrue();
    }

    @Test
    void aCharacterDeviceIsWrittenInPlaceAndStaysADevice() throws Exception {
        Path dev = dir.resolve("null"); // a private copy of /dev/null (major 1, minor 3), never the real one
        Process mk = new ProcessBuilder("mknod", dev.toString(), "c", "1", "3")
                .inheritIO()
                .start();
        assumeTrue(mk.waitFor() == 0, "mknod is allowed (root)");
        assumeTrue(Files.isWritable(dev), "the temporary folder allows devices");
        AtomicFiles.writeText(dev, w -> w.write("discarded\n"));
        PartialNpy npy = PartialNpy.openOrResume(dev, "b", 2, 3);
        npy.append(new float[][] {{1, 2, 3}, {4, 5, 6}});
        npy.checkpoint();
        npy.publish();
        npy.close();
        assertThat(SpecialFiles.kindOf(dev)).isEqualTo(SpecialFiles.Kind.CHARACTER_DEVICE);
        assertThat(names()).as("nothing written beside the device").containsExactly("null");
    }

    @Test
    void anNpyStreamedToAFifoIsAWholeNpyWithNothingBesideIt() throws Exception {
        Path fifo = fifo("emb.fifo");
        CompletableFuture<byte[]> reader = readAll(() -> Files.newInputStream(fifo));
        try (PartialNpy npy = PartialNpy.openOrResume(fifo, "binding", 2, 2)) {
            npy.append(new float[][] {{1, 2}});
            npy.checkpoint();
            npy.append(new float[][] {{3, 4}});
            npy.publish();
        }
        Path copy = dir.resolve("copy.npy");
        Files.write(copy, reader.get(10, TimeUnit.SECONDS));
        assertThat(NpyFile.read(copy)).isDeepEqualTo(new float[][] {{1, 2}, {3, 4}});
        assertThat(names()).containsExactly("copy.npy", "emb.fifo");
    }

    @Test
    void aFolderABlockDeviceOrASocketIsRefusedInOneLine() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("results"));
        assertThatThrownBy(() -> AtomicFiles.writeText(folder, w -> w.write("x")))
                .isInstanceOf(RefusedWriteException.class)
                .hasMessageContaining(folder + " is a folder");
        Path socket = dir.resolve("s.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            assertThatThrownBy(() -> AtomicFiles.writeText(socket, w -> w.write("x")))
                    .isInstanceOf(RefusedWriteException.class)
                    .hasMessageContaining("is a socket")
                    .hasMessageNotContaining("\n");
            assertThat(SpecialFiles.kindOf(socket)).isEqualTo(SpecialFiles.Kind.SOCKET);
        }
    }

    @Test
    void aFolderReplacedThroughALinkKeepsTheLink() throws Exception {
        Path real = Files.createDirectories(dir.resolve("store/bm25-real"));
        Files.writeString(real.resolve("state"), "old");
        Path link = Files.createSymbolicLink(dir.resolve("bm25"), real);
        Path fresh = AtomicFiles.newTempSibling(link);
        assertThat(fresh.getParent())
                .as("assembled beside the real folder (same file system)")
                .isEqualTo(real.getParent());
        Files.writeString(fresh.resolve("state"), "new");
        AtomicFiles.replaceDirectory(fresh, link);
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(link.resolve("state"))).isEqualTo("new");
        assertThat(Files.readString(real.resolve("state"))).isEqualTo("new");
        try (Stream<Path> s = Files.list(real.getParent())) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("bm25-real");
        }
        // the lock of a folder replaced as a whole is one file, however the folder is spelled
        try (FolderLock viaLink = FolderLock.acquireBeside(link)) {
            assertThatThrownBy(() -> CompletableFuture.runAsync(
                                    () -> FolderLock.acquireBeside(real).close(), THREADS)
                            .join())
                    .hasMessageContaining("in use by process");
        }
    }

    @Test
    void aFullDiskNamesTheFileAndLeavesNoTemporary() throws Exception {
        // ENOSPC as the JDK reports it (a real full disk is the audit's case 11.12, in a private tmpfs)
        Path out = dir.resolve("recall.txt");
        assertThatThrownBy(() -> AtomicFiles.writeText(out, w -> {
                    w.write("partial");
                    w.flush();
                    throw new java.io.IOException("No space left on device");
                }))
                .hasMessageContaining("cannot write " + out)
                .hasMessageContaining("no space left on device");
        assertThat(names())
                .as("the temporary is deleted: a full disk is not kept full")
                .isEmpty();
    }
}
