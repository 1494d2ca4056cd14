package dev.nsw.gui;

import dev.nsw.encoder.BertConfig;
import dev.nsw.encoder.ModelFolder;
import dev.nsw.encoder.PretrainedModel;
import dev.nsw.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;

/**
 * The max_seq_length the panels' dense encoders read a workspace with (Index, Compare, Search, the Map, Scores): one
 * value per workspace, chosen in the Index or the Compare panel and remembered in the workspace's settings
 * ({@value #SETTING}); until chosen, the default for the workspace's model. Every dense run records it in its
 * settings, and the embedding caches are keyed by it.
 */
public final class ReadingLength {
    /** Workspace setting: the max_seq_length chosen for this workspace. */
    public static final String SETTING = "max_seq_length";

    /** The lengths offered: the usual powers of two up to BERT's position table. */
    public static final List<Integer> CHOICES = List.of(64, 128, 256, 512);

    private final IntegerProperty length = new SimpleIntegerProperty(this, "length", CHOICES.getFirst());
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper(this, "note", "");
    private final javafx.beans.value.ObservableValue<Workspace> workspace;

    /** @param workspace the open workspace, where a chosen length is remembered */
    ReadingLength(javafx.beans.value.ObservableValue<Workspace> workspace) {
        this.workspace = workspace;
    }

    /** A length and where it came from, in words. */
    public record Choice(int length, String note) {}

    /**
     * What {@code ws} reads with (off the UI thread): the length chosen there before, else the default for
     * {@code model} — the longest sequence the model was trained to read (its position table; 512 for the bundled
     * bge-small models), so nothing of a document is cut unless it is longer than the model can read.
     */
    static Choice forWorkspace(Workspace ws, ModelChoice model) {
        var chosen = ws.setting(SETTING).flatMap(ReadingLength::parse);
        if (chosen.isPresent()) {
            return new Choice(chosen.get(), "chosen for this workspace");
        }
        int own = model == null ? CHOICES.getLast() : modelMaximum(model.spec());
        return new Choice(
                own,
                String.format(
                        Locale.ROOT,
                        "default: %s's own maximum (%d tokens); Datasets shows the corpus's lengths",
                        model == null ? "the model" : model.label(),
                        own));
    }

    /** The longest input {@code spec} reads: a bundled model's 512, a model folder's {@code max_position_embeddings}. */
    static int modelMaximum(String spec) {
        if (PretrainedModel.byName(spec).isPresent()) {
            return 512; // both bundled bge-small models have a 512-position table
        }
        try {
            Path config = Path.of(spec).resolve(ModelFolder.CONFIG_FILE);
            return Math.min(CHOICES.getLast(), BertConfig.read(config).maxPositionEmbeddings());
        } catch (IOException | RuntimeException e) {
            return CHOICES.getLast();
        }
    }

    private static java.util.Optional<Integer> parse(String s) {
        try {
            int n = Integer.parseInt(s.strip());
            return n >= 8 ? java.util.Optional.of(n) : java.util.Optional.empty();
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    /** The length {@code m} reads with: the workspace's, at most the longest input {@code m} can read. */
    public int forModel(ModelChoice m) {
        return m == null || m.isFolderPicker() ? length.get() : Math.min(length.get(), modelMaximum(m.spec()));
    }

    /** Shows a workspace's length (UI thread). */
    void apply(Choice c) {
        length.set(c.length());
        note.set(c.note());
    }

    /** The user chose {@code n}: the panels read with it from now on, and the open workspace remembers it. */
    public void choose(int n) {
        if (n == length.get()) {
            return;
        }
        length.set(n);
        note.set("chosen for this workspace");
        Workspace ws = workspace.getValue();
        if (ws != null) {
            ws.putSetting(SETTING, Integer.toString(n));
        }
    }

    /** The length the panels read with now ({@link #choose} changes it). */
    public javafx.beans.property.ReadOnlyIntegerProperty lengthProperty() {
        return javafx.beans.property.ReadOnlyIntegerProperty.readOnlyIntegerProperty(length);
    }

    /** Where the length came from ("chosen for this workspace", "default: …"). */
    public ReadOnlyStringProperty noteProperty() {
        return note.getReadOnlyProperty();
    }
}
