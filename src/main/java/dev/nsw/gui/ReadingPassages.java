package dev.nsw.gui;

import dev.nsw.text.PassageWindows;
import dev.nsw.workspace.Workspace;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;

/**
 * Whether the panels' dense encoders read a long document once, truncated at the workspace's max_seq_length, or cut
 * into passages of that length, half a window apart, scoring as its best passage (MaxP, {@code nsw … --passages
 * maxp}). One value per workspace, beside its {@link ReadingLength}: chosen in the Index or the Compare panel,
 * remembered in the workspace's settings ({@value #SETTING}); until chosen, what the max-length rule chose for the
 * corpus ({@link dev.nsw.text.MaxSeqLengthRule#PASSAGES_BY_DEFAULT}). The Index panel's dense index (so Search), and
 * Compare's dense and hybrid runs read with it; every such run records it. The Map and Scores read whole texts.
 */
public final class ReadingPassages {
    /** Workspace setting: {@value #MAXP} or {@value #NONE}. */
    public static final String SETTING = "passages";

    static final String MAXP = "maxp";
    static final String NONE = "none";

    private final BooleanProperty maxp = new SimpleBooleanProperty(this, "maxp", false);
    private final javafx.beans.value.ObservableValue<Workspace> workspace;

    /** @param workspace the open workspace, where a choice is remembered */
    ReadingPassages(javafx.beans.value.ObservableValue<Workspace> workspace) {
        this.workspace = workspace;
    }

    /**
     * What {@code ws} reads with: the choice made there before, else the max-length rule's for its corpus
     * ({@code reading}'s measured choice; truncated when the corpus was not measured).
     */
    static boolean forWorkspace(Workspace ws, ReadingLength.Choice reading) {
        return ws.setting(SETTING)
                .filter(s -> s.equals(MAXP) || s.equals(NONE)) // a hand-edited value nsw cannot read: the default
                .map(MAXP::equals)
                .orElse(reading != null
                        && reading.corpus() != null
                        && reading.corpus().rule().passages() != null);
    }

    /** Shows a workspace's choice (UI thread). */
    void apply(boolean cut) {
        maxp.set(cut);
    }

    /** The user chose: the panels read with it from now on, and the open workspace remembers it. */
    public void choose(boolean cut) {
        if (cut == maxp.get()) {
            return;
        }
        maxp.set(cut);
        Workspace ws = workspace.getValue();
        if (ws != null) {
            ws.putSetting(SETTING, cut ? MAXP : NONE);
        }
    }

    /** The windows a dense encoder reading {@code maxSeqLength} tokens cuts documents into; null when not MaxP. */
    public PassageWindows windows(int maxSeqLength) {
        return maxp.get() ? PassageWindows.of(maxSeqLength) : null;
    }

    /** True when long documents are read as passages (MaxP). */
    public ReadOnlyBooleanProperty maxpProperty() {
        return maxp;
    }
}
