package dev.nsw.gui.datasets;

import dev.nsw.data.DataStats;
import java.nio.file.Path;
import java.util.List;

/**
 * One opened data file as the Datasets panel shows it.
 *
 * @param columns column names of {@link #preview}
 * @param preview the first rows (at most {@link DatasetsViewModel#PREVIEW_ROWS}), each prefixed by its line number
 * @param histogram character-length histogram of the first column
 */
public record DatasetEntry(
        Path path, DataStats stats, List<String> columns, List<List<String>> preview, Histogram histogram) {
    public String name() {
        return path.getFileName() == null ? path.toString() : path.getFileName().toString();
    }

    @Override
    public String toString() {
        return name() + " (" + stats.kind().cliName() + ")";
    }
}
