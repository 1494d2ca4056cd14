package dev.nsw.gui;

import dev.nsw.encoder.Precision;
import dev.nsw.workspace.Workspace;
import java.util.List;
import java.util.Optional;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * The number format the panels' dense encoders run in (Index, Compare, Search, the Map, Scores): fp32, or int8 on
 * ONNX Runtime ({@code nsw … --precision}). One value per workspace, beside its {@link ReadingLength}: chosen in the
 * Index or the Compare panel, remembered in the workspace's settings ({@value #SETTING}), fp32 until chosen. Every
 * dense and hybrid run records it in its settings; the embedding caches are keyed by the embedding's identity, which
 * holds it, so fp32 and int8 vectors never mix.
 */
public final class ReadingPrecision {
    /** Workspace setting: the precision chosen for this workspace. */
    public static final String SETTING = "precision";

    /** The precisions offered. */
    public static final List<Precision> CHOICES = List.of(Precision.FP32, Precision.INT8);

    private final ObjectProperty<Precision> precision = new SimpleObjectProperty<>(this, "precision", Precision.FP32);
    private final javafx.beans.value.ObservableValue<Workspace> workspace;

    /** @param workspace the open workspace, where a chosen precision is remembered */
    ReadingPrecision(javafx.beans.value.ObservableValue<Workspace> workspace) {
        this.workspace = workspace;
    }

    /** What {@code ws} runs in: the precision chosen there before, else fp32 (the model as trained). */
    static Precision forWorkspace(Workspace ws) {
        return ws.setting(SETTING).flatMap(ReadingPrecision::parse).orElse(Precision.FP32);
    }

    private static Optional<Precision> parse(String s) {
        try {
            return Optional.of(Precision.parse(s));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // a hand-edited setting nsw cannot read: the default
        }
    }

    /** Shows a workspace's precision (UI thread). */
    void apply(Precision p) {
        precision.set(p);
    }

    /** The user chose {@code p}: the panels' encoders run in it from now on, and the open workspace remembers it. */
    public void choose(Precision p) {
        if (p == null || p == precision.get()) {
            return;
        }
        precision.set(p);
        Workspace ws = workspace.getValue();
        if (ws != null) {
            ws.putSetting(SETTING, p.label());
        }
    }

    /** The precision the panels' encoders run in now. */
    public ReadOnlyObjectProperty<Precision> precisionProperty() {
        return precision;
    }
}
