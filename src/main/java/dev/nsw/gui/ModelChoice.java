package dev.nsw.gui;

import dev.nsw.encoder.PretrainedModel;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A dense model the panels can use: a bundled pretrained model (spec = its name) or a model folder (spec =
 * the absolute path, e.g. a training run's {@code best/}). {@code spec} is what {@code Encoder.open} takes.
 */
public record ModelChoice(String label, String spec, boolean trained) {
    /** The "folder…" entry of model lists: picking it asks for a model folder. */
    public static final ModelChoice FOLDER = new ModelChoice("folder…", "", false);

    public static ModelChoice bundled(PretrainedModel m) {
        return new ModelChoice(m.id(), m.id(), false);
    }

    /** A model folder, labelled relative to {@code base} (e.g. the workspace) when it lies under it. */
    public static ModelChoice folder(Path folder, Path base) {
        Path abs = folder.toAbsolutePath().normalize();
        String label = base != null && abs.startsWith(base.toAbsolutePath().normalize())
                ? base.toAbsolutePath().normalize().relativize(abs).toString()
                : abs.getFileName().toString();
        return new ModelChoice(label, abs.toString(), true);
    }

    public boolean isFolderPicker() {
        return this.equals(FOLDER);
    }

    /** A file-name-safe form of the label, e.g. {@code runs-inbatch-20261123-113000-best}. */
    public String slug() {
        String s = label.replace('\\', '-').replace('/', '-').replaceAll("[^A-Za-z0-9._-]", "_");
        return s.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return label;
    }
}
