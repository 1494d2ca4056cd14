package dev.nsw.retrieval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nsw.encoder.EmbeddingIdentity;
import dev.nsw.encoder.TextEncoder;
import dev.nsw.io.AtomicFiles;
import dev.nsw.io.FileFormatException;
import dev.nsw.io.Fingerprint;
import dev.nsw.io.JsonErrors;
import dev.nsw.io.NpyFile;
import dev.nsw.job.CancellationToken;
import dev.nsw.job.CancelledException;
import dev.nsw.job.ProgressListener;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Embeddings made in shards by many processes at once ({@code nsw embed --spark}), read back as one matrix in text
 * order. A folder of:
 *
 * <ul>
 *   <li>{@value #PLAN}: what is being embedded — the binding (model id, embedding settings, fingerprint of the texts
 *       in order), rows, dimension, rows per shard — written by the driver before any shard;
 *   <li>{@code texts/shard-NNNNN.jsonl}: each shard's texts, one JSON string a line (the driver streams the input
 *       into them, so no process ever holds the whole corpus and every executor reads only its own);
 *   <li>{@code shard-NNNNN.npy}: float32 [rows of the shard, D], written atomically by the executor that embedded it,
 *       then its sidecar {@code shard-NNNNN.json} (binding, first row, rows, SHA-256 of the .npy): the sidecar is the
 *       shard's commit point;
 *   <li>{@value #MANIFEST}: written last, atomically, when every shard is there: the shards in order with their
 *       checksums. A folder without it is unfinished and is never read as embeddings.
 * </ul>
 *
 * <p>Shard i holds rows {@code [i * shardRows, min(n, (i + 1) * shardRows))}; {@code shardRows} is a multiple of
 * {@link EmbeddingFile#CHUNK} and a shard is embedded chunk by chunk as {@link EmbeddingFile} does, so every text
 * meets the same batch partners as in {@code nsw embed} and gets the same bits. A job run again over the same plan
 * embeds only the shards without a valid sidecar ({@link #missingShards}); a plan of another binding starts over.
 */
public final class ShardedEmbeddings {
    public static final String MANIFEST = "manifest.json";
    public static final String PLAN = "plan.json";
    static final String FORMAT = "nsw-sharded-embeddings/1";
    /** Rows per shard unless told: 8 chunks, a few minutes of one core's work with bge-small at 128 tokens. */
    public static final int DEFAULT_SHARD_ROWS = 8 * EmbeddingFile.CHUNK;

    private static final ObjectMapper JSON = new ObjectMapper();

    private ShardedEmbeddings() {}

    /**
     * What the vectors are of: a model with its settings, and texts in one order.
     *
     * @param modelId {@link TextEncoder#modelId()}
     * @param settings the encoder's {@link EmbeddingIdentity#line()}: the model and every setting that changes its
     *     vectors (max_seq_length, pooling, dimension, normalisation, precision)
     * @param textsFingerprint {@link Fingerprint#ofTexts} of the texts in order
     */
    public record Binding(String modelId, String settings, String textsFingerprint) {
        public Binding {
            Objects.requireNonNull(modelId, "modelId");
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(textsFingerprint, "textsFingerprint");
        }
    }

    /** The work: {@code rows} texts of dimension {@code dim} in {@code shards} shards of {@code shardRows}. */
    public record Plan(Binding binding, long rows, int dim, int shardRows) {
        public Plan {
            if (rows < 1 || dim < 1 || shardRows < 1 || shardRows % EmbeddingFile.CHUNK != 0) {
                throw new IllegalArgumentException("need rows, dim >= 1 and shard rows a multiple of "
                        + EmbeddingFile.CHUNK + ", got " + rows + ", " + dim + ", " + shardRows);
            }
        }

        public int shards() {
            return (int) ((rows + shardRows - 1) / shardRows);
        }

        public long start(int shard) {
            return (long) shard * shardRows;
        }

        public int rowsOf(int shard) {
            return (int) Math.min(shardRows, rows - start(shard));
        }
    }

    /** One finished shard: rows {@code [start, start + rows)} in {@code file}, whose bytes hash to {@code sha256}. */
    public record Shard(int index, long start, int rows, String file, String sha256) {}

    /** A finished folder: the plan and its shards in order. */
    public record Manifest(Plan plan, List<Shard> shards) {}

    public static String shardName(int index) {
        return String.format(Locale.ROOT, "shard-%05d.npy", index);
    }

    static Path textsFile(Path dir, int index) {
        return dir.resolve("texts").resolve(String.format(Locale.ROOT, "shard-%05d.jsonl", index));
    }

    static Path sidecar(Path dir, int index) {
        return dir.resolve(String.format(Locale.ROOT, "shard-%05d.json", index));
    }

    /** Whether {@code path} is a sharded-embeddings folder (or its manifest) rather than one {@code .npy}. */
    public static boolean isSharded(Path path) {
        return Files.isDirectory(path) || path.getFileName().toString().equals(MANIFEST);
    }

    private static Path folderOf(Path path) {
        return Files.isDirectory(path) ? path : path.toAbsolutePath().getParent();
    }

    // ---- driver: plan, resume, finish

    /**
     * Streams {@code texts} into the shard text files of {@code dir} and records the plan. An earlier plan of
     * another binding or shape is replaced and its shards deleted (nsw made them); one of the same binding keeps
     * its finished shards for {@link #missingShards}.
     *
     * @param settings the encoder's {@link EmbeddingIdentity#line()} ({@link Binding#settings()})
     */
    public static Plan plan(
            Path dir, EmbeddingFile.TextSource texts, String modelId, String settings, int dim, int shardRows)
            throws IOException {
        Files.createDirectories(dir.resolve("texts"));
        Fingerprint.OfTexts fingerprint = new Fingerprint.OfTexts();
        ShardTextWriter writer = new ShardTextWriter(dir, shardRows);
        try {
            texts.forEach(t -> {
                fingerprint.add(t);
                writer.add(t);
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            writer.close();
        }
        if (fingerprint.count() == 0) {
            throw new IllegalArgumentException("no texts to embed");
        }
        Plan plan = new Plan(new Binding(modelId, settings, fingerprint.hex()), fingerprint.count(), dim, shardRows);
        Optional<Plan> earlier = readPlan(dir);
        if (earlier.isPresent() && !earlier.get().equals(plan)) {
            deleteOutputs(dir); // other texts, model, settings or shape: nothing of it can be reused
        }
        for (int i = plan.shards(); Files.exists(textsFile(dir, i)); i++) {
            Files.delete(textsFile(dir, i)); // shard texts of a longer input before
        }
        ObjectNode json = planJson(plan);
        AtomicFiles.writeText(dir.resolve(PLAN), w -> w.write(json.toPrettyString() + "\n"));
        return plan;
    }

    /** Writes texts into shard files of {@code shardRows} lines each, one JSON string a line, each atomically. */
    private static final class ShardTextWriter implements AutoCloseable {
        private final Path dir;
        private final int shardRows;
        private long count;
        private BufferedWriter out;
        private Path current;
        private Path tmp;

        ShardTextWriter(Path dir, int shardRows) {
            this.dir = dir;
            this.shardRows = shardRows;
        }

        void add(String text) {
            try {
                if (count % shardRows == 0) {
                    close();
                    current = textsFile(dir, (int) (count / shardRows));
                    tmp = AtomicFiles.newTempFile(current.getParent(), "." + current.getFileName() + ".");
                    out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
                }
                out.write(JSON.writeValueAsString(text));
                out.write('\n');
                count++;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            if (out != null) {
                out.close();
                out = null;
                AtomicFiles.move(tmp, current);
            }
        }
    }

    /** The plan recorded in {@code dir}, if any (an unreadable one counts as none: it is rewritten). */
    public static Optional<Plan> readPlan(Path dir) throws IOException {
        Path f = dir.resolve(PLAN);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(parsePlan(JSON.readTree(f.toFile())));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The shards of {@code plan} not yet finished in {@code dir}: no sidecar, another plan's, or a damaged file. */
    public static List<Integer> missingShards(Path dir, Plan plan) throws IOException {
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < plan.shards(); i++) {
            if (finishedShard(dir, plan, i).isEmpty()) {
                missing.add(i);
            }
        }
        return missing;
    }

    private static Optional<Shard> finishedShard(Path dir, Plan plan, int i) throws IOException {
        Path side = sidecar(dir, i);
        Path npy = dir.resolve(shardName(i));
        if (!Files.isRegularFile(side) || !Files.isRegularFile(npy)) {
            return Optional.empty();
        }
        try {
            JsonNode j = JSON.readTree(side.toFile());
            Shard s = new Shard(
                    j.path("index").asInt(-1),
                    j.path("start").asLong(-1),
                    j.path("rows").asInt(-1),
                    j.path("file").asText(),
                    j.path("sha256").asText());
            boolean same = parseBinding(j.path("binding")).equals(plan.binding())
                    && s.index() == i
                    && s.start() == plan.start(i)
                    && s.rows() == plan.rowsOf(i)
                    && s.file().equals(shardName(i))
                    && sha256(npy).equals(s.sha256());
            return same ? Optional.of(s) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Writes the manifest once every shard of {@code plan} is finished; the folder is then one embeddings matrix.
     *
     * @throws IllegalStateException naming the shards still missing
     */
    public static Manifest finish(Path dir, Plan plan) throws IOException {
        List<Shard> shards = new ArrayList<>();
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < plan.shards(); i++) {
            Optional<Shard> s = finishedShard(dir, plan, i);
            if (s.isPresent()) {
                shards.add(s.get());
            } else {
                missing.add(i);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException(dir + ": shards " + missing + " of " + plan.shards()
                    + " are not finished; run the same job again to embed them");
        }
        ObjectNode json = planJson(plan);
        ArrayNode arr = json.putArray("shards");
        for (Shard s : shards) {
            arr.addObject()
                    .put("file", s.file())
                    .put("start", s.start())
                    .put("rows", s.rows())
                    .put("sha256", s.sha256());
        }
        AtomicFiles.writeText(dir.resolve(MANIFEST), w -> w.write(json.toPrettyString() + "\n"));
        return new Manifest(plan, List.copyOf(shards));
    }

    private static void deleteOutputs(Path dir) throws IOException {
        Files.deleteIfExists(dir.resolve(MANIFEST));
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (name.matches("shard-\\d{5}\\.(npy|json)")) {
                    Files.delete(f);
                }
            }
        }
    }

    // ---- executor: one shard

    /**
     * Embeds shard {@code index} of the plan in {@code dir} with {@code encoder} (the plan's model and settings),
     * chunk by chunk as {@link EmbeddingFile} does, writes it atomically and then its sidecar. Safe to run twice at
     * once (a retried task beside a slow one): both write the same bytes under atomic renames.
     */
    public static Shard embedShard(
            Path dir, Plan plan, int index, TextEncoder encoder, ProgressListener progress, CancellationToken cancel)
            throws IOException {
        if (!encoder.modelId().equals(plan.binding().modelId()) || encoder.dimension() != plan.dim()) {
            throw new IllegalStateException(
                    "the plan in " + dir + " is for model " + plan.binding().modelId()
                            + " (dim " + plan.dim() + "); this executor opened " + encoder.modelId() + " (dim "
                            + encoder.dimension() + ")");
        }
        Optional<String> other =
                encoder.embeddingIdentity().differenceFrom(plan.binding().settings());
        if (other.isPresent()) {
            throw new IllegalStateException(
                    "the plan in " + dir + " is for other embeddings than this executor's: " + other.get());
        }
        List<String> texts = readTexts(textsFile(dir, index));
        if (texts.size() != plan.rowsOf(index)) {
            throw new FileFormatException(
                    textsFile(dir, index),
                    "holds " + texts.size() + " texts, the plan says shard " + index + " has " + plan.rowsOf(index));
        }
        Path npy = dir.resolve(shardName(index));
        String sha = AtomicFiles.writeHashed(npy, out -> {
            out.write(NpyFile.header(texts.size(), plan.dim()));
            for (int from = 0; from < texts.size(); from += EmbeddingFile.CHUNK) {
                if (cancel.isCancelled()) {
                    throw new CancelledException();
                }
                int start = from;
                float[][] vectors = encoder.embed(
                        texts.subList(from, Math.min(texts.size(), from + EmbeddingFile.CHUNK)),
                        (done, total, message) ->
                                progress.progress(start + done, texts.size(), "embedding shard " + index),
                        cancel);
                java.nio.ByteBuffer buf =
                        java.nio.ByteBuffer.allocate(4 * plan.dim()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                for (float[] v : vectors) {
                    buf.clear();
                    buf.asFloatBuffer().put(v);
                    out.write(buf.array());
                }
            }
        });
        Shard shard = new Shard(
                index, plan.start(index), texts.size(), npy.getFileName().toString(), sha);
        ObjectNode side = JSON.createObjectNode();
        side.set("binding", bindingJson(plan.binding()));
        side.put("index", index)
                .put("start", shard.start())
                .put("rows", shard.rows())
                .put("file", shard.file())
                .put("sha256", sha);
        AtomicFiles.writeText(sidecar(dir, index), w -> w.write(side.toPrettyString() + "\n"));
        return shard;
    }

    private static List<String> readTexts(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line; (line = r.readLine()) != null; ) {
                out.add(JSON.readValue(line, String.class));
            }
        }
        return out;
    }

    // ---- readers

    /** The manifest of a finished folder (or of the manifest file itself); one line when unfinished or not ours. */
    public static Manifest readManifest(Path path) throws IOException {
        Path dir = folderOf(path);
        Path f = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(f)) {
            throw new FileFormatException(
                    dir,
                    Files.isRegularFile(dir.resolve(PLAN))
                            ? "the sharded embedding job that writes here has not finished (no " + MANIFEST
                                    + "); run it again to embed the missing shards"
                            : "not a folder of sharded embeddings (no " + MANIFEST + ")");
        }
        JsonNode j;
        try {
            j = JSON.readTree(f.toFile());
        } catch (IOException e) {
            throw new FileFormatException(
                    f,
                    e instanceof com.fasterxml.jackson.core.JacksonException je
                            ? JsonErrors.describe(je)
                            : e.getMessage());
        }
        Plan plan;
        try {
            plan = parsePlan(j);
        } catch (RuntimeException e) {
            throw new FileFormatException(f, "not an nsw sharded-embeddings manifest: " + e.getMessage());
        }
        List<Shard> shards = new ArrayList<>();
        int i = 0;
        for (JsonNode s : j.path("shards")) {
            Shard shard = new Shard(
                    i,
                    s.path("start").asLong(-1),
                    s.path("rows").asInt(-1),
                    s.path("file").asText(),
                    s.path("sha256").asText());
            if (shard.start() != plan.start(i)
                    || shard.rows() != plan.rowsOf(i)
                    || !shard.file().equals(shardName(i))) {
                throw new FileFormatException(
                        f,
                        "shard " + i + " does not follow the plan (rows " + plan.start(i) + " to "
                                + (plan.start(i) + plan.rowsOf(i)) + " in " + shardName(i) + ")");
            }
            shards.add(shard);
            i++;
        }
        if (shards.size() != plan.shards()) {
            throw new FileFormatException(f, "lists " + shards.size() + " shards, the plan has " + plan.shards());
        }
        return new Manifest(plan, List.copyOf(shards));
    }

    /**
     * The whole matrix [rows, dim] in text order, each shard checked against its recorded SHA-256 as it is read.
     *
     * @param identity refuse vectors of another model or made with other settings (null: any)
     * @param textsFingerprint refuse vectors of other texts or another order (null: any)
     */
    public static float[][] read(Path path, EmbeddingIdentity identity, String textsFingerprint) throws IOException {
        Manifest m = readManifest(path);
        requireBinding(path, m.plan().binding(), identity, textsFingerprint);
        Path dir = folderOf(path);
        if (m.plan().rows() > Integer.MAX_VALUE - 16) {
            throw new FileFormatException(dir, m.plan().rows() + " rows do not fit one matrix in memory");
        }
        float[][] out = new float[(int) m.plan().rows()][];
        for (Shard s : m.shards()) {
            Path npy = dir.resolve(s.file());
            if (!sha256(npy).equals(s.sha256())) {
                throw new FileFormatException(
                        npy, "does not match its checksum in " + MANIFEST + " (changed or damaged)");
            }
            NpyFile.Matrix mat = NpyFile.readMatrix(npy);
            if (mat.rows() != s.rows() || mat.cols() != m.plan().dim()) {
                throw new FileFormatException(
                        npy,
                        "holds " + mat.rows() + " x " + mat.cols() + ", the manifest says " + s.rows() + " x "
                                + m.plan().dim());
            }
            for (int r = 0; r < mat.rows(); r++) {
                out[(int) s.start() + r] = mat.row(r);
            }
        }
        return out;
    }

    /** One line when the folder's vectors are of another model or of other texts than this run's. */
    static void requireBinding(Path path, Binding b, EmbeddingIdentity identity, String textsFingerprint) {
        if (identity != null && !b.modelId().equals(identity.modelId())) {
            throw new IllegalStateException(path + " holds embeddings of model " + b.modelId() + ", not "
                    + identity.modelId() + ": embed again with this model into another folder");
        }
        Optional<String> other = identity == null ? Optional.empty() : identity.differenceFrom(b.settings());
        if (other.isPresent()) {
            throw new IllegalStateException(path + " holds embeddings made another way than this run's: " + other.get()
                    + "; embed again with these settings into another folder");
        }
        if (textsFingerprint != null && !b.textsFingerprint().equals(textsFingerprint)) {
            throw new IllegalStateException(path + " holds embeddings of other texts (fingerprint "
                    + Fingerprint.shortForm(b.textsFingerprint()) + ", these texts "
                    + Fingerprint.shortForm(textsFingerprint)
                    + ": another corpus, or the same in another order or with duplicates dropped)");
        }
    }

    // ---- JSON

    private static ObjectNode bindingJson(Binding b) {
        ObjectNode n = JSON.createObjectNode();
        n.put("model_id", b.modelId()).put("settings", b.settings()).put("texts_fingerprint", b.textsFingerprint());
        return n;
    }

    private static Binding parseBinding(JsonNode n) {
        return new Binding(text(n, "model_id"), text(n, "settings"), text(n, "texts_fingerprint"));
    }

    private static ObjectNode planJson(Plan p) {
        ObjectNode n = JSON.createObjectNode();
        n.put("format", FORMAT);
        n.set("binding", bindingJson(p.binding()));
        n.put("rows", p.rows())
                .put("dim", p.dim())
                .put("shard_rows", p.shardRows())
                .put("shards", p.shards());
        return n;
    }

    private static Plan parsePlan(JsonNode n) {
        if (!FORMAT.equals(n.path("format").asText())) {
            throw new IllegalArgumentException("format is '" + n.path("format").asText() + "', expected " + FORMAT);
        }
        return new Plan(
                parseBinding(n.path("binding")),
                n.path("rows").asLong(-1),
                n.path("dim").asInt(-1),
                n.path("shard_rows").asInt(-1));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("no " + field);
        }
        return v.asText();
    }

    private static String sha256(Path file) throws IOException {
        return Fingerprint.ofFile(file);
    }
}
