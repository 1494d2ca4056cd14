package dev.nsw.gui;

import dev.nsw.encoder.BertConfig;
import dev.nsw.encoder.ModelFolder;
import dev.nsw.encoder.PretrainedModel;
import dev.nsw.retrieval.CorpusReading;
import dev.nsw.text.MaxSeqLengthRule;
import dev.nsw.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;

/**
 * The max_seq_length the panels' dense encoders read a workspace with (Index, Compare, Search, the Map, Scores): one
 * value per workspace, chosen in the Index or the Compare panel and remembered in the workspace's settings
 * ({@value #SETTING}); until chosen, what the max-length rule chooses from the corpus's token lengths
 * ({@link CorpusReading}, as {@code nsw recall}/{@code index} choose without {@code --max_seq_length}). Every dense
 * run records it in its settings, and the embedding caches are keyed by it.
 */
public final class ReadingLength {
    /** Workspace setting: the max_seq_length chosen for this workspace. */
    public static final String SETTING = "max_seq_length";

    /** The lengths offered: the usual powers of two up to BERT's position table. */
    public static final List<Integer> CHOICES = List.of(64, 128, 256, 512);

    private final IntegerProperty length = new SimpleIntegerProperty(this, "length", CHOICES.getFirst());
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper(this, "note", "");
    private final ReadOnlyObjectWrapper<CorpusLengths> corpusLengths =
            new ReadOnlyObjectWrapper<>(this, "corpusLengths");
    private final javafx.beans.value.ObservableValue<Workspace> workspace;

    /** @param workspace the open workspace, where a chosen length is remembered */
    ReadingLength(javafx.beans.value.ObservableValue<Workspace> workspace) {
        this.workspace = workspace;
    }

    /**
     * A length and where it came from, in words.
     *
     * @param corpus the corpus's token lengths and the rule's choice, or null when there is no corpus to measure
     */
    public record Choice(int length, String note, CorpusLengths corpus) {}

    /**
     * The open workspace's corpus measured with a model's own tokenizer, and what the max-length rule chose from it.
     *
     * @param modelLabel the model whose tokenizer measured it (the workspace's model)
     * @param rule the rule's choice; {@code rule.lengths()} holds the measured token lengths
     */
    public record CorpusLengths(String modelLabel, MaxSeqLengthRule.Choice rule) {
        /** The rule's one-line reason, without the command line's hint. */
        public String reason() {
            // the rule writes the CLI's override hint into its line; the workbench's override is its length box
            return rule.reason().replace("; --max_seq_length to override", "");
        }
    }

    /**
     * Measures {@code texts} (the corpus) with {@code model}'s tokenizer and applies the max-length rule, as the CLI's
     * corpus commands do ({@link CorpusReading#choose}); null without a model or when its tokenizer cannot be read
     * (the workspace still opens, at the model's own maximum). Off the UI thread: it tokenises up to
     * {@link dev.nsw.text.TokenLengths#MAX_SAMPLE} texts.
     */
    static CorpusLengths measure(ModelChoice model, List<String> texts) {
        if (model == null || model.isFolderPicker() || texts.isEmpty()) {
            return null;
        }
        try {
            return new CorpusLengths(model.label(), CorpusReading.choose(model.spec(), texts));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * What {@code ws} reads with (off the UI thread): the length chosen there before, else the rule's choice for the
     * corpus ({@code corpus}), else — nothing measured — the longest sequence {@code model} was trained to read (its
     * position table; 512 for the bundled bge-small models).
     */
    static Choice forWorkspace(Workspace ws, ModelChoice model, CorpusLengths corpus) {
        var chosen = ws.setting(SETTING).flatMap(ReadingLength::parse);
        if (chosen.isPresent()) {
            return new Choice(chosen.get(), "chosen for this workspace", corpus);
        }
        if (corpus != null) {
            return new Choice(
                    corpus.rule().maxSeqLength(),
                    "default from the corpus's token lengths (" + corpus.modelLabel() + "'s tokenizer): "
                            + corpus.reason(),
                    corpus);
        }
        int own = model == null ? CHOICES.getLast() : modelMaximum(model.spec());
        return new Choice(
                own,
                String.format(
                        Locale.ROOT,
                        "default: %s's own maximum (%d tokens): the corpus's token lengths were not measured",
                        model == null ? "the model" : model.label(),
                        own),
                null);
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
        corpusLengths.set(c.corpus());
    }

    /** The open workspace's corpus token lengths and the rule's choice (Datasets shows them); null when unmeasured. */
    public ReadOnlyObjectProperty<CorpusLengths> corpusLengthsProperty() {
        return corpusLengths.getReadOnlyProperty();
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
