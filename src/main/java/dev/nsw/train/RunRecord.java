package dev.nsw.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nsw.eval.MetricsReport;
import dev.nsw.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

/**
 * The record of a training run, written as {@code run.json}: configuration, data files with their
 * SHA-256, the loss and learning rate of every step, the dev metrics of every evaluation, wall time and
 * the machine. Enough to tell later what produced a model and to compare runs.
 *
 * <p>Each step is {@code [step, loss, lr, seconds]} (seconds: that step's forward, backward and update), and
 * each evaluation carries {@code train_seconds}, the sum of step seconds up to it: the time axis on which
 * variants that cost differently per step (hard negatives, gradient cache) are compared at equal wall time,
 * without the evaluations' own time or the load of checkpoint writes.
 */
public final class RunRecord {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ObjectNode root = JSON.createObjectNode();
    private final ArrayNode steps;
    private final ArrayNode evaluations;
    private double lastLoss = Double.NaN;

    public RunRecord() {
        root.put("format", "nsw-run/1");
        root.put("started", Instant.now().toString());
        root.putObject("data");
        steps = root.putArray("steps");
        evaluations = root.putArray("evaluations");
        ObjectNode machine = root.putObject("machine");
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("arch", System.getProperty("os.arch"));
        machine.put("processors", Runtime.getRuntime().availableProcessors());
        machine.put("max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
        machine.put("java", System.getProperty("java.version"));
    }

    /** Records a data file under a role ("train", "dev", "corpus") with its size and SHA-256. */
    public RunRecord dataFile(String role, Path file) {
        ObjectNode f = ((ObjectNode) root.get("data")).putObject(role);
        f.put("path", file.toAbsolutePath().toString());
        try {
            f.put("bytes", Files.size(file));
            f.put("sha256", sha256(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return this;
    }

    /** Free-form settings (base model, max length, ...). */
    public RunRecord setting(String key, Object value) {
        root.withObject("settings").set(key, JSON.valueToTree(value));
        return this;
    }

    void begin(String stage, TrainingConfig config, int examples, long totalSteps) {
        root.put("stage", stage);
        root.set("config", JSON.valueToTree(config));
        root.put("examples", examples);
        root.put("total_steps", totalSteps);
    }

    void step(long step, double loss, double lr, double seconds) {
        ArrayNode s = steps.addArray();
        s.add(step).add(loss).add(lr).add(roundedSeconds(seconds));
        lastLoss = loss;
    }

    void evaluation(long step, int epoch, MetricsReport metrics) {
        ObjectNode e = evaluations.addObject();
        e.put("step", step);
        e.put("epoch", epoch);
        e.put("train_seconds", roundedSeconds(trainSeconds()));
        e.set("metrics", JSON.valueToTree(metrics.summary()));
    }

    void finish(double seconds) {
        root.put("finished", Instant.now().toString());
        root.put("wall_seconds", seconds);
        root.put("train_seconds", roundedSeconds(trainSeconds()));
    }

    /**
     * Seconds spent in training steps so far: the sum of the steps' seconds (a resumed run counts the steps it
     * continues; steps of records written before steps carried their seconds count as 0).
     */
    public double trainSeconds() {
        double sum = 0;
        for (JsonNode s : steps) {
            sum += s.path(3).asDouble(0);
        }
        return sum;
    }

    private static double roundedSeconds(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }

    double lastLoss() {
        return lastLoss;
    }

    /** Per-step loss values in order. */
    public double[] losses() {
        double[] l = new double[steps.size()];
        for (int i = 0; i < l.length; i++) {
            l[i] = steps.get(i).get(1).asDouble();
        }
        return l;
    }

    ObjectNode toJson() {
        return root.deepCopy();
    }

    /** Settings a resumed run must share with the run it continues: (where in run.json, what users call it). */
    // the file names come before the content hash: when both differ, users recognise a path, not a SHA-256
    private static final String[][] RESUME_INVARIANTS = {
        {"/data/train/path", "the training file"},
        {"/settings/train_file", "the training file"},
        {"/settings/pairs_file", "the pair file"},
        {"/data/train/sha256", "the training file's content (SHA-256)"},
        {"/settings/base_model", "the model"},
        {"/settings/max_seq_length", "max_seq_length"},
        {"/settings/output_emb_size", "output_emb_size"},
        {"/settings/loss", "the ranking loss"},
        {"/settings/negatives", "the negatives per example"},
    };

    /**
     * What differs between this (new) run and the {@code saved} record of the run it would continue, in
     * words ("the model was X, this run asks for Y"), or null when it may continue.
     */
    String resumeMismatch(JsonNode saved) {
        if (saved == null || saved.isMissingNode()) {
            return null;
        }
        for (String[] invariant : RESUME_INVARIANTS) {
            JsonNode was = saved.at(invariant[0]);
            JsonNode now = root.at(invariant[0]);
            if (!was.isMissingNode() && !now.isMissingNode() && !was.equals(now)) {
                return invariant[1] + " was " + was.asText() + ", this run asks for " + now.asText();
            }
        }
        return null;
    }

    /** Continues a record saved in a checkpoint (steps and evaluations so far). */
    void restore(JsonNode saved) {
        if (saved == null || saved.isMissingNode()) {
            return;
        }
        steps.removeAll();
        saved.path("steps").forEach(steps::add);
        evaluations.removeAll();
        saved.path("evaluations").forEach(evaluations::add);
        if (!steps.isEmpty()) {
            lastLoss = steps.get(steps.size() - 1).get(1).asDouble();
        }
        if (saved.has("started")) {
            root.put("started", saved.get("started").asText());
        }
        root.put("resumed", true);
    }

    public void write(Path file) {
        AtomicFiles.write(file, out -> JSON.writerWithDefaultPrettyPrinter().writeValue(out, root));
    }

    public Map<String, Object> summary() {
        return Map.of("stage", root.path("stage").asText(), "steps", steps.size(), "last_loss", lastLoss);
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of()
                    .formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
