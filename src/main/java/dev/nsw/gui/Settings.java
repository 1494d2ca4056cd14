package dev.nsw.gui;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/**
 * What the workbench remembers between starts (window bounds, theme, recent workspaces): in
 * {@link java.util.prefs.Preferences} on the desktop, in memory for tests.
 */
public abstract class Settings {
    static final int MAX_RECENT = 8;
    private static final String RECENT = "recentWorkspaces";

    public abstract Optional<String> get(String key);

    public abstract void put(String key, String value);

    public double getDouble(String key, double fallback) {
        try {
            return get(key).map(Double::parseDouble).orElse(fallback);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    public boolean getBoolean(String key, boolean fallback) {
        return get(key).map(Boolean::parseBoolean).orElse(fallback);
    }

    /** Recently opened workspaces, newest first. */
    public List<Path> recentWorkspaces() {
        return get(RECENT).stream()
                .flatMap(s -> Arrays.stream(s.split("\n")))
                .filter(s -> !s.isBlank())
                .map(Path::of)
                .toList();
    }

    public void addRecentWorkspace(Path folder) {
        List<Path> recent = new ArrayList<>(recentWorkspaces());
        Path abs = folder.toAbsolutePath().normalize();
        recent.remove(abs);
        recent.addFirst(abs);
        while (recent.size() > MAX_RECENT) {
            recent.removeLast();
        }
        put(RECENT, String.join("\n", recent.stream().map(Path::toString).toList()));
    }

    /** The user's preferences node {@code dev/nsw/workbench} (or another node, for isolated runs). */
    public static Settings preferences(String nodePath) {
        Preferences node = Preferences.userRoot().node(nodePath);
        return new Settings() {
            @Override
            public Optional<String> get(String key) {
                return Optional.ofNullable(node.get(key, null));
            }

            @Override
            public void put(String key, String value) {
                node.put(key, value);
                try {
                    node.flush();
                } catch (BackingStoreException ignored) {
                    // not fatal: the setting is kept for this session
                }
            }
        };
    }

    public static Settings inMemory() {
        Map<String, String> map = new LinkedHashMap<>();
        return new Settings() {
            @Override
            public Optional<String> get(String key) {
                return Optional.ofNullable(map.get(key));
            }

            @Override
            public void put(String key, String value) {
                map.put(key, value);
            }
        };
    }
}
