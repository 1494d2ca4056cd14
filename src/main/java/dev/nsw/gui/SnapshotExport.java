package dev.nsw.gui;

import dev.nsw.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;

/** Writes what a node or scene shows as a PNG (atomically). Must be called on the FX thread. */
public final class SnapshotExport {
    private SnapshotExport() {}

    public static void writePng(Node node, Path file) {
        write(node.snapshot(null, null), file);
    }

    /** Charts users put in slides: at least this wide. */
    public static final int MIN_EXPORT_WIDTH = 1600;

    /**
     * Writes the node scaled up so that the image is at least {@code minWidth} pixels wide (vector-drawn
     * charts stay sharp: the scene graph is rendered at that scale, not a bitmap enlarged).
     */
    public static void writePng(Node node, Path file, int minWidth) {
        double width = node.getLayoutBounds().getWidth();
        double scale = width <= 0 ? 1 : Math.max(1, minWidth / width);
        javafx.scene.SnapshotParameters p = new javafx.scene.SnapshotParameters();
        p.setTransform(javafx.scene.transform.Transform.scale(scale, scale));
        write(node.snapshot(p, null), file);
    }

    public static void writePng(Scene scene, Path file) {
        write(scene.snapshot(null), file);
    }

    private static void write(WritableImage image, Path file) {
        BufferedImage rgb = toRgb(SwingFXUtils.fromFXImage(image, null));
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(rgb, "png", out)) {
                throw new java.io.IOException("no PNG writer available");
            }
        });
    }

    /** Drops the alpha channel: smaller files, and no transparent corners in viewers. */
    private static BufferedImage toRgb(BufferedImage argb) {
        BufferedImage rgb = new BufferedImage(argb.getWidth(), argb.getHeight(), BufferedImage.TYPE_INT_RGB);
        var g = rgb.createGraphics();
        g.drawImage(argb, 0, 0, java.awt.Color.WHITE, null);
        g.dispose();
        return rgb;
    }
}
