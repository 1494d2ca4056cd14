package dev.nsw.gui;

import dev.nsw.encoder.ModelFolder;
import dev.nsw.encoder.PretrainedModel;
import dev.nsw.workspace.RunLayout;
import dev.nsw.workspace.Workspace;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Which dense models the panels offer: the bundled pretrained ones, then every model trained in the open
 * workspace ({@link RunLayout#trainedModels}: each run's {@code best/} and {@code final/}, newest run first),
 * then folders picked by hand; and the model preferred for the open workspace (remembered in its settings).
 * Changes happen on the UI thread only.
 */
public final class ModelCatalogue {
    private final ReadOnlyObjectProperty<Workspace> workspace;
    private final StringProperty status;
    private final ObservableList<ModelChoice> models = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<ModelChoice> preferred = new ReadOnlyObjectWrapper<>(this, "preferred");

    /** @param status where a folder that cannot be listed, or a setting that cannot be saved, is said */
    ModelCatalogue(ReadOnlyObjectProperty<Workspace> workspace, StringProperty status) {
        this.workspace = workspace;
        this.status = status;
        rescan();
    }

    /** The models on offer, in the order above. */
    public ObservableList<ModelChoice> models() {
        return models;
    }

    /** Re-reads the trained models of the open workspace; folders picked by hand stay. */
    public void rescan() {
        List<ModelChoice> all = new ArrayList<>();
        for (PretrainedModel m : PretrainedModel.values()) {
            all.add(ModelChoice.bundled(m));
        }
        Workspace ws = workspace.get();
        if (ws != null) {
            Path runs = ws.runs();
            try {
                for (Path m : RunLayout.trainedModels(runs)) {
                    all.add(ModelChoice.folder(m, ws.folder()));
                }
            } catch (IOException e) {
                status.set("Cannot list " + runs + ": " + e.getMessage());
            }
        }
        for (ModelChoice extra : models) {
            if (!all.contains(extra)
                    && !extra.isFolderPicker()
                    && !extra.label().startsWith(Workspace.RUNS + File.separator)) {
                all.add(extra); // folders picked by hand stay
            }
        }
        models.setAll(all);
    }

    /** Adds a model (e.g. a folder picked by hand) unless it is there; returns it. */
    public ModelChoice add(ModelChoice m) {
        if (!models.contains(m)) {
            models.add(m);
        }
        return m;
    }

    /** The dense model chosen for the open workspace: remembered, else the one matching the corpus's script. */
    public ReadOnlyObjectProperty<ModelChoice> preferredProperty() {
        return preferred.getReadOnlyProperty();
    }

    void setPreferred(ModelChoice m) {
        preferred.set(m);
    }

    /** Remembers {@code m} as the open workspace's dense model (reopening the workspace starts with it). */
    public void remember(ModelChoice m) {
        Workspace ws = workspace.get();
        if (ws != null && m != null && !m.isFolderPicker()) {
            try {
                ws.putSetting(Workspace.MODEL, m.spec());
            } catch (RuntimeException e) {
                status.set("Cannot remember the model in " + ws.folder() + ": " + e.getMessage());
            }
        }
    }

    /** The model remembered for {@code ws}, when it still exists (a bundled name or a model folder). */
    static Optional<ModelChoice> remembered(Workspace ws) {
        return ws.setting(Workspace.MODEL).flatMap(spec -> {
            Optional<PretrainedModel> bundled = PretrainedModel.byName(spec);
            if (bundled.isPresent()) {
                return Optional.of(ModelChoice.bundled(bundled.get()));
            }
            Path p = Path.of(spec);
            return ModelFolder.isModel(p) ? Optional.of(ModelChoice.folder(p, ws.folder())) : Optional.empty();
        });
    }
}
