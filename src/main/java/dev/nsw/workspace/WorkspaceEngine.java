package dev.nsw.workspace;

import dev.nsw.engine.EngineException;
import dev.nsw.engine.EngineTarget;
import java.util.Optional;

/**
 * The engine index a workspace names as its dense and/or BM25 index: the cluster's node URLs and the index (one
 * index holds both, as {@code nsw push} makes it), and which of the two the workbench takes from it. Remembered in the
 * workspace's settings ({@value #URLS}, {@value #INDEX}, {@value #USE}), so reopening the workspace finds it.
 *
 * @param dense search the engine's vectors as the workspace's dense list
 * @param bm25 search the engine's text as the workspace's BM25 list
 */
public record WorkspaceEngine(EngineTarget target, boolean dense, boolean bm25) {
    /** Workspace setting: the engine's node URLs, comma-separated. */
    public static final String URLS = "engine_urls";
    /** Workspace setting: the engine index. */
    public static final String INDEX = "engine_index";
    /** Workspace setting: what the engine is used for: {@code dense}, {@code bm25} or {@code dense,bm25}. */
    public static final String USE = "engine_use";

    public WorkspaceEngine {
        if (target == null) {
            throw new IllegalArgumentException("no engine target");
        }
        if (!dense && !bm25) {
            throw new EngineException(
                    "an engine named for neither dense nor BM25 search is no engine: clear it instead");
        }
    }

    /**
     * The engine {@code ws} names, if any. A setting that no longer parses (a URL edited by hand) reads as none
     * rather than stopping the workspace from opening; {@link #problem} says why.
     */
    public static Optional<WorkspaceEngine> of(Workspace ws) {
        try {
            return read(ws);
        } catch (EngineException e) {
            return Optional.empty();
        }
    }

    /** What is wrong with the engine {@code ws} names, in one line; empty when it reads (or none is named). */
    public static Optional<String> problem(Workspace ws) {
        try {
            read(ws);
            return Optional.empty();
        } catch (EngineException e) {
            return Optional.of(ws.folder().resolve(Workspace.SETTINGS_FILE) + ": " + e.getMessage());
        }
    }

    private static Optional<WorkspaceEngine> read(Workspace ws) {
        Optional<String> urls = ws.setting(URLS).filter(s -> !s.isBlank());
        Optional<String> index = ws.setting(INDEX).filter(s -> !s.isBlank());
        if (urls.isEmpty() || index.isEmpty()) {
            return Optional.empty();
        }
        String use = ws.setting(USE).orElse("dense,bm25");
        return Optional.of(new WorkspaceEngine(
                new EngineTarget(urls.get(), index.get()), use.contains("dense"), use.contains("bm25")));
    }

    /** Remembers this engine as {@code ws}'s. */
    public void saveTo(Workspace ws) {
        ws.putSetting(URLS, target.urls());
        ws.putSetting(INDEX, target.index());
        ws.putSetting(USE, dense && bm25 ? "dense,bm25" : dense ? "dense" : "bm25");
    }

    /** {@code ws} names no engine any more: its local indexes are the panels' again. */
    public static void clear(Workspace ws) {
        ws.removeSetting(URLS);
        ws.removeSetting(INDEX);
        ws.removeSetting(USE);
    }
}
