package dev.nsw.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The file-safety rules of {@code dev.nsw.io}, each checked against the way main used to fail. */
class SafeWritesTest {
    @TempDir
    Path dir;

    // --- rule 1: never delete or overwrite what nsw did not create

    @Test
    void aUserFolderIsRefusedAndKeepsItsFiles() throws Exception {
        Path user = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(user.resolve("corpus.csv"), "precious\n");
        Files.writeString(user.resolve("hnsw-notes.txt"), "also mine\n");
        assertThatThrownBy(() -> OwnedFolder.claim(user, OwnedFolder.Kind.VECTOR_INDEX))
                .isInstanceOf(RefusedWriteException.class)
                .hasMessageContaining(user.toString())
                .hasMessageContaining("not created by nsw")
                .hasMessageNotContaining("\n");
        assertThat(Files.readString(user.resolve("corpus.csv"))).isEqualTo("precious\n");
        assertThat(user.resolve(OwnedFolder.MARKER)).doesNotExist();
    }

    @Test
    void missingEmptyAndSameKindFoldersAreAcceptedOtherKindsAndFilesRefused() throws Exception {
        Path fresh = dir.resolve("new");
        OwnedFolder.claim(fresh, OwnedFolder.Kind.BM25_INDEX);
        assertThat(OwnedFolder.isMarked(fresh, OwnedFolder.Kind.BM25_INDEX)).isTrue();
        OwnedFolder.claim(fresh, OwnedFolder.Kind.BM25_INDEX); // again: same kind
        Path empty = Files.createDirectories(dir.resolve("empty"));
        OwnedFolder.claim(empty, OwnedFolder.Kind.TRAINING_RUN);
        assertThatThrownBy(() -> OwnedFolder.claim(fresh, OwnedFolder.Kind.TRAINING_RUN))
                .isInstanceOf(RefusedWriteException.class)
                .hasMessageContaining("BM25 index folder");
        Path file = Files.writeString(dir.resolve("corpus.csv"), "x\n");
        assertThatThrownBy(() -> OwnedFolder.claim(file, OwnedFolder.Kind.VECTOR_INDEX))
                .isInstanceOf(RefusedWriteException.class)
                .hasMessageContaining(file + " is a file");
    }

    @Test
    void aFolderFromBeforeMarkersIsRecognisedByItsSignature() throws Exception {
        Path old = Files.createDirectories(dir.resolve("old-index"));
        Files.writeString(old.resolve("index.json"), "{\"format\": \"nsw-vector-index\"}");
        OwnedFolder.claim(old, OwnedFolder.Kind.VECTOR_INDEX);
        assertThat(OwnedFolder.isMarked(old, OwnedFolder.Kind.VECTOR_INDEX)).isTrue();
        Path fake = Files.createDirectories(dir.resolve("fake"));
        Files.writeString(fake.resolve("index.json"), "{\"my\": \"own\"}");
        assertThatThrownBy(() -> OwnedFolder.claim(fake, OwnedFolder.Kind.VECTOR_INDEX))
                .isInstanceOf(RefusedWriteException.class);
    }

    // --- rule 2: an output is never one of the inputs

    @Test
    void anOutputSpelledDifferentlyOrLinkedIsStillTheInput() throws Exception {
        Path input = Files.writeString(dir.resolve("pairs.csv"), "q\tt\n");
        Path link = Files.createSymbolicLink(dir.resolve("link.csv"), input);
        Path hard = Files.createLink(dir.resolve("hard.csv"), input);
        for (Path out : List.of(input, dir.resolve("sub/../pairs.csv"), link, hard)) {
            assertThatThrownBy(() -> OutputGuard.requireDistinct(
                            List.of(OutputGuard.Role.input("--pairs", input)),
                            List.of(OutputGuard.Role.output("-o", out))))
                    .as(out.toString())
                    .isInstanceOf(RefusedWriteException.class)
                    .hasMessageContaining("--pairs")
                    .hasMessageContaining("-o");
        }
        OutputGuard.requireDistinct(
                List.of(OutputGuard.Role.input("--pairs", input)),
                List.of(OutputGuard.Role.output("-o", dir.resolve("out.csv"))));
    }

    @Test
    void anOutputFolderMayNotHoldAnInput() throws Exception {
        Path corpus =
                Files.writeString(Files.createDirectories(dir.resolve("data")).resolve("corpus.csv"), "a\n");
        assertThatThrownBy(() -> OutputGuard.requireDistinct(
                        List.of(OutputGuard.Role.input("--corpus", corpus)),
                        List.of(OutputGuard.Role.outputFolder("--index", dir.resolve("data")))))
                .isInstanceOf(RefusedWriteException.class)
                .hasMessageContaining("holds an input");
    }

    // --- rule 4: one writer per folder

    @Test
    void aSecondProcessGetsInUseByProcessN() throws Exception {
        Path folder = dir.resolve("index");
        Process holder = LockHolder.start(folder, false);
        try {
            assertThatThrownBy(() -> FolderLock.acquire(folder))
                    .isInstanceOf(RefusedWriteException.class)
                    .hasMessageContaining("in use by process " + holder.pid());
        } finally {
            holder.getOutputStream().close();
            holder.waitFor();
        }
        try (FolderLock again = FolderLock.acquire(folder)) { // released when its holder ended
            assertThat(again.folder()).isEqualTo(folder);
        }
    }

    @Test
    void twoWritersStartedTogetherInOneProcessOneWinsOneIsRefused() throws Exception {
        Path folder = dir.resolve("run");
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger won = new AtomicInteger();
        java.util.concurrent.CountDownLatch bothHere = new java.util.concurrent.CountDownLatch(2);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        try (var pool = Executors.newFixedThreadPool(2)) {
            for (int i = 0; i < 2; i++) {
                pool.submit(() -> {
                    bothHere.countDown();
                    bothHere.await();
                    try (FolderLock lock = FolderLock.acquire(folder)) {
                        won.incrementAndGet();
                        release.await();
                    } catch (RefusedWriteException e) {
                        refused.incrementAndGet();
                        release.countDown();
                    }
                    return null;
                });
            }
        }
        assertThat(won.get()).isEqualTo(1);
        assertThat(refused.get()).isEqualTo(1);
    }

    @Test
    void aWriterWaitsOutAReadersRepairInThisProcessInsteadOfBeingRefused() throws Exception {
        Path folder = dir.resolve("bm25");
        java.util.concurrent.CountDownLatch repairing = new java.util.concurrent.CountDownLatch(1);
        Thread reader = Thread.ofPlatform().start(() -> {
            try (FolderLock repair = FolderLock.tryAcquireForRepair(folder).orElseThrow()) {
                repairing.countDown();
                Thread.sleep(300); // a repair's renames, slowed down
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        repairing.await();
        try (FolderLock writer = FolderLock.acquireBeside(folder)) { // was: "in use by process N (this program…)"
            assertThat(writer.folder()).isEqualTo(folder);
            assertThat(FolderLock.tryAcquireForRepair(folder))
                    .as("this thread holds it: nested")
                    .isPresent();
        }
        reader.join();
    }

    @Test
    void aWriterWaitsOutARepairInAnotherProcessButNotAnotherWriter() throws Exception {
        Path folder = dir.resolve("bm25");
        Process repairer = LockHolder.start(folder, "repair");
        Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(300);
                repairer.getOutputStream().close(); // the repair ends
            } catch (Exception ignored) {
                // the holder dies with the test at worst
            }
        });
        try (FolderLock writer = FolderLock.acquireBeside(folder)) {
            assertThat(writer.folder()).isEqualTo(folder);
        }
        repairer.waitFor();

        Process otherWriter = LockHolder.start(folder, "beside");
        try {
            long started = System.nanoTime();
            assertThatThrownBy(() -> FolderLock.acquireBeside(folder))
                    .isInstanceOf(RefusedWriteException.class)
                    .hasMessageContaining("in use by process " + otherWriter.pid());
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - started))
                    .as("a writer in the way refuses at once, no wait")
                    .isLessThan(FolderLock.REPAIR_WAIT);
            assertThat(FolderLock.tryAcquireForRepair(folder))
                    .as("no repair while a writer works")
                    .isEmpty();
        } finally {
            otherWriter.getOutputStream().close();
            otherWriter.waitFor();
        }
    }

    @Test
    void aRepairHeldPastTheWaitStillRefusesTheWriter() throws Exception {
        Path folder = dir.resolve("bm25");
        java.util.concurrent.CountDownLatch repairing = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        Thread reader = Thread.ofPlatform().start(() -> {
            try (FolderLock repair = FolderLock.tryAcquireForRepair(folder).orElseThrow()) {
                repairing.countDown();
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        repairing.await();
        long started = System.nanoTime();
        try {
            assertThatThrownBy(() -> FolderLock.acquireBeside(folder))
                    .isInstanceOf(RefusedWriteException.class)
                    .hasMessageContaining(
                            "in use by process " + ProcessHandle.current().pid());
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - started))
                    .as("waited for the repair first")
                    .isGreaterThanOrEqualTo(FolderLock.REPAIR_WAIT);
        } finally {
            done.countDown();
            reader.join();
        }
    }

    // --- rule 5: crash-safe replace, always recoverable

    /** A rename step that performs {@code okRenames} renames, then "crashes" (like a kill -9 before the next). */
    private static AtomicFiles.RenameStep crashingAfter(int okRenames) {
        AtomicInteger done = new AtomicInteger();
        return (from, to) -> {
            if (done.getAndIncrement() >= okRenames) {
                throw new SimulatedCrash();
            }
            AtomicFiles.move(from, to);
        };
    }

    static final class SimulatedCrash extends RuntimeException {}

    @ParameterizedTest(name = "crash after {0} of 3 renames")
    @ValueSource(ints = {0, 1, 2, 3})
    void aCrashAtAnyRenameIsRecoveredToTheNewestCompleteCopy(int okRenames) throws Exception {
        Path target = dir.resolve("checkpoint");
        Files.createDirectories(target);
        Files.writeString(target.resolve("state.json"), "old");
        Path fresh = AtomicFiles.newTempSibling(target);
        Files.writeString(fresh.resolve("state.json"), "new");
        Path halfWritten = AtomicFiles.newTempSibling(target); // a writer killed mid-write
        Files.writeString(halfWritten.resolve("state.js"), "ne");
        if (okRenames < 3) {
            AtomicFiles.withRenameStep(
                    crashingAfter(okRenames),
                    () -> assertThatThrownBy(() -> AtomicFiles.replaceDirectory(fresh, target))
                            .isInstanceOf(SimulatedCrash.class));
        } else { // all renames done; killed before the old copy was deleted
            AtomicFiles.withRenameStep(crashingAfter(3), () -> {
                try {
                    AtomicFiles.replaceDirectory(fresh, target);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            Files.createDirectories(dir.resolve(".checkpoint.old-0000000000001-000000"))
                    .resolve("state.json");
        }
        assertThat(AtomicFiles.hasLeftovers(target)).isTrue();
        AtomicFiles.recoverDirectory(target);
        // before the first rename the new copy was not known complete: the old one stays
        String expected = okRenames == 0 ? "old" : "new";
        assertThat(Files.readString(target.resolve("state.json"))).isEqualTo(expected);
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("checkpoint");
        }
    }

    @Test
    void writtenFilesAndFoldersFollowTheUmask() throws Exception {
        Path control = Files.createFile(dir.resolve("control"));
        Path controlDir = Files.createDirectory(dir.resolve("control-dir"));
        Path written = dir.resolve("written.txt");
        AtomicFiles.writeText(written, w -> w.write("x"));
        Path tmpDir = AtomicFiles.newTempSibling(dir.resolve("folder"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(written)))
                .isEqualTo(PosixFilePermissions.toString(Files.getPosixFilePermissions(control)));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmpDir)))
                .isEqualTo(PosixFilePermissions.toString(Files.getPosixFilePermissions(controlDir)));
    }

    // --- rule 6: fingerprints

    @Test
    void fingerprintIsSha256OverLengthPrefixedTextsAndOrderMatters() throws Exception {
        List<String> texts = List.of("北京", "ab", "");
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (String t : texts) {
            byte[] b = t.getBytes(StandardCharsets.UTF_8);
            sha.update(java.nio.ByteBuffer.allocate(4).putInt(b.length).array());
            sha.update(b);
        }
        assertThat(Fingerprint.ofTexts(texts)).isEqualTo(HexFormat.of().formatHex(sha.digest()));
        assertThat(Fingerprint.ofTexts(List.of("ab", "北京", ""))).isNotEqualTo(Fingerprint.ofTexts(texts));
        assertThat(Fingerprint.ofTexts(List.of("a", "b"))).isNotEqualTo(Fingerprint.ofTexts(List.of("ab", "")));
    }
}
