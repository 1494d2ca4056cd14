package dev.nsw.gui;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A {@link DialogService} for tests: records errors and notes, answers choosers with prepared paths. */
public final class RecordingDialogs implements DialogService {
    public final List<String> errors = new ArrayList<>();
    public final List<String> infos = new ArrayList<>();
    /** The questions asked ({@link #confirm}), in order. */
    public final List<String> confirms = new ArrayList<>();
    /** What the next {@link #confirm} answers. */
    public boolean confirmAnswer = true;

    public Path nextSave;

    @Override
    public void showError(String title, Throwable error) {
        errors.add(title + ": " + ErrorMessages.oneLine(error));
    }

    @Override
    public void showInfo(String title, String message) {
        infos.add(title);
    }

    @Override
    public boolean confirm(String title, String message, String proceed) {
        confirms.add(title);
        return confirmAnswer;
    }

    @Override
    public List<Path> chooseFiles(String title) {
        return List.of();
    }

    @Override
    public Optional<Path> chooseFolder(String title) {
        return Optional.empty();
    }

    @Override
    public Optional<Path> chooseSaveFile(String title, String initialName, String extension) {
        return Optional.ofNullable(nextSave);
    }
}
