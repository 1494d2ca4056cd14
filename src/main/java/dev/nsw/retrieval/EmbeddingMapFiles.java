package dev.nsw.retrieval;

import dev.nsw.data.Csv;
import dev.nsw.io.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Writes {@link EmbeddingMap.View}s as a CSV of coordinates, an SVG and a PNG (several views side by side on
 * the same axes, so before/after maps can be compared point by point). One drawing routine feeds both image
 * formats through a tiny {@link Canvas}; every file is written atomically.
 */
public final class EmbeddingMapFiles {
    /** Colours shared with the workbench's map panel. */
    public static final String FOUND = "#2e9d4b";

    public static final String MISSED = "#d2352b";
    public static final String DOCUMENT = "#9aa3ad";
    public static final String GOLD_DOCUMENT = "#3a6fd8";

    private static final int PANEL = 640;
    private static final int MARGIN = 24;
    private static final int TITLE = 58;
    private static final int LEGEND = 54;

    private EmbeddingMapFiles() {}

    /**
     * CSV, one row per point: {@code kind,id,x,y,status,first_relevant_rank,gold_id,top1_id,text}; kind is
     * {@code query} or {@code document}; a query's status is {@code found} (top-1 hit is gold) or {@code missed},
     * a document's {@code gold} or {@code other}. A leading {@code #} comment line says how the coordinates were
     * made and whether the points are a sample.
     */
    public static void writeCsv(Path file, EmbeddingMap.View view) {
        AtomicFiles.writeText(file, out -> {
            out.write("# " + view.model() + ": " + view.basisNote() + "; " + sampleNote(view.sample()) + "\n");
            out.write("kind,id,x,y,status,first_relevant_rank,gold_id,top1_id,text\n");
            for (EmbeddingMap.QueryPoint q : view.queries()) {
                row(
                        out,
                        "query",
                        q.id(),
                        q.x(),
                        q.y(),
                        q.found() ? "found" : "missed",
                        Integer.toString(q.firstRelevantRank()),
                        q.gold() < 0 ? "" : view.documents().get(q.gold()).id(),
                        q.top1() < 0 ? "" : view.documents().get(q.top1()).id(),
                        q.text());
            }
            for (EmbeddingMap.DocPoint d : view.documents()) {
                row(out, "document", d.id(), d.x(), d.y(), d.gold() ? "gold" : "other", "", "", "", d.text());
            }
        });
    }

    /** One line saying whether the map shows everything or a seeded sample. */
    public static String sampleNote(EmbeddingMap.Sample s) {
        return s.sampled()
                ? String.format(
                        Locale.ROOT,
                        "a sample (seed %d) of %,d queries and %,d documents of %,d and %,d, kept under %,d points",
                        s.seed(),
                        s.queries().length,
                        s.documents().length,
                        s.totalQueries(),
                        s.totalDocuments(),
                        EmbeddingMap.MAX_POINTS)
                : String.format(Locale.ROOT, "all %,d queries and %,d documents", s.totalQueries(), s.totalDocuments());
    }

    private static void row(
            Writer out,
            String kind,
            String id,
            double x,
            double y,
            String status,
            String rank,
            String gold,
            String top1,
            String text)
            throws IOException {
        out.write(Csv.row(List.of(
                kind,
                id,
                String.format(Locale.ROOT, "%.6f", x),
                String.format(Locale.ROOT, "%.6f", y),
                status,
                rank,
                gold,
                top1,
                text)));
        out.write('\n');
    }

    /** The views side by side as an SVG, on common axes. */
    public static void writeSvg(Path file, List<EmbeddingMap.View> views, List<String> titles) {
        SvgCanvas svg = new SvgCanvas(views.size() * PANEL, height());
        draw(svg, views, titles);
        AtomicFiles.writeText(file, out -> out.write(svg.finish()));
    }

    /** The views side by side as a PNG, on common axes. */
    public static void writePng(Path file, List<EmbeddingMap.View> views, List<String> titles) {
        BufferedImage image = renderPng(views, titles);
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer");
            }
        });
    }

    static BufferedImage renderPng(List<EmbeddingMap.View> views, List<String> titles) {
        BufferedImage image = new BufferedImage(views.size() * PANEL, height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            draw(new PngCanvas(g, image.getWidth(), image.getHeight()), views, titles);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static int height() {
        return TITLE + PANEL + LEGEND;
    }

    /** Data bounds over every view: {minX, maxX, minY, maxY}, padded 3%. */
    public static double[] bounds(List<EmbeddingMap.View> views) {
        double[] b = {
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY
        };
        for (EmbeddingMap.View v : views) {
            v.documents().forEach(d -> grow(b, d.x(), d.y()));
            v.queries().forEach(q -> grow(b, q.x(), q.y()));
        }
        double padX = Math.max(1e-9, (b[1] - b[0]) * 0.03);
        double padY = Math.max(1e-9, (b[3] - b[2]) * 0.03);
        return new double[] {b[0] - padX, b[1] + padX, b[2] - padY, b[3] + padY};
    }

    private static void grow(double[] b, double x, double y) {
        b[0] = Math.min(b[0], x);
        b[1] = Math.max(b[1], x);
        b[2] = Math.min(b[2], y);
        b[3] = Math.max(b[3], y);
    }

    private static void draw(Canvas c, List<EmbeddingMap.View> views, List<String> titles) {
        c.rect(0, 0, views.size() * PANEL, height(), "#ffffff");
        double[] b = bounds(views);
        int plot = PANEL - 2 * MARGIN;
        for (int p = 0; p < views.size(); p++) {
            EmbeddingMap.View v = views.get(p);
            int left = p * PANEL + MARGIN;
            int top = TITLE;
            // data → pixels, y up; one scale for both axes so distances are not distorted
            double scale = plot / Math.max(b[1] - b[0], b[3] - b[2]);
            double offX = left + (plot - scale * (b[1] - b[0])) / 2;
            double offY = top + (plot - scale * (b[3] - b[2])) / 2;
            java.util.function.DoubleUnaryOperator px = x -> offX + (x - b[0]) * scale;
            java.util.function.DoubleUnaryOperator py = y -> offY + (b[3] - y) * scale;
            c.rectOutline(left, top, plot, plot, "#d0d4d9");
            c.text(left, 18, 15, true, titles.get(p));
            c.text(left, 35, 11, false, v.basisNote());
            c.text(
                    left,
                    50,
                    11,
                    false,
                    String.format(
                            Locale.ROOT,
                            "top-1 hit is gold for %,d of %,d queries",
                            v.found(),
                            v.queries().size()));
            double docR = v.documents().size() > 5_000 ? 1.2 : 2.2;
            for (EmbeddingMap.DocPoint d : v.documents()) {
                if (!d.gold()) {
                    c.dot(px.applyAsDouble(d.x()), py.applyAsDouble(d.y()), docR, DOCUMENT, 0.55);
                }
            }
            for (EmbeddingMap.DocPoint d : v.documents()) {
                if (d.gold()) {
                    c.dot(px.applyAsDouble(d.x()), py.applyAsDouble(d.y()), docR + 0.8, GOLD_DOCUMENT, 0.8);
                }
            }
            double lineAlpha = v.queries().size() > 2_000 ? 0.15 : 0.5;
            for (EmbeddingMap.QueryPoint q : v.queries()) {
                double qx = px.applyAsDouble(q.x());
                double qy = py.applyAsDouble(q.y());
                if (q.gold() >= 0) {
                    EmbeddingMap.DocPoint g = v.documents().get(q.gold());
                    c.line(qx, qy, px.applyAsDouble(g.x()), py.applyAsDouble(g.y()), GOLD_DOCUMENT, lineAlpha, false);
                }
                if (!q.found() && q.top1() >= 0) {
                    EmbeddingMap.DocPoint t = v.documents().get(q.top1());
                    c.line(qx, qy, px.applyAsDouble(t.x()), py.applyAsDouble(t.y()), MISSED, lineAlpha, true);
                }
            }
            double queryR = v.queries().size() > 5_000 ? 1.6 : 3.2;
            for (EmbeddingMap.QueryPoint q : v.queries()) {
                c.dot(px.applyAsDouble(q.x()), py.applyAsDouble(q.y()), queryR, q.found() ? FOUND : MISSED, 0.9);
            }
            int ly = TITLE + PANEL - MARGIN + 22;
            int lx = left;
            lx = legend(c, lx, ly, FOUND, "query, top-1 hit is gold");
            lx = legend(c, lx, ly, MISSED, "query, missed (dashed: to its top-1 hit)");
            legend(c, left, ly + 18, GOLD_DOCUMENT, "gold document (solid: query → gold)");
            legend(c, left + 260, ly + 18, DOCUMENT, "other document");
        }
        if (!views.isEmpty() && views.getFirst().sample().sampled()) {
            c.text(
                    MARGIN,
                    height() - 4,
                    10,
                    false,
                    "Points: " + sampleNote(views.getFirst().sample()));
        }
    }

    private static int legend(Canvas c, int x, int y, String color, String label) {
        c.dot(x + 5, y - 4, 4, color, 1);
        c.text(x + 14, y, 11, false, label);
        return x + 14 + 7 * label.length() + 16;
    }

    /** The few drawing operations the map needs, in pixels. */
    private interface Canvas {
        void rect(double x, double y, double w, double h, String fill);

        void rectOutline(double x, double y, double w, double h, String stroke);

        void dot(double x, double y, double r, String fill, double alpha);

        void line(double x1, double y1, double x2, double y2, String stroke, double alpha, boolean dashed);

        void text(double x, double y, int size, boolean bold, String text);
    }

    private static final class SvgCanvas implements Canvas {
        private final StringBuilder sb = new StringBuilder(1 << 20);

        SvgCanvas(int width, int height) {
            sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                    .append(width)
                    .append("\" height=\"")
                    .append(height)
                    .append("\" viewBox=\"0 0 ")
                    .append(width)
                    .append(' ')
                    .append(height)
                    .append("\" font-family=\"sans-serif\">\n");
        }

        @Override
        public void rect(double x, double y, double w, double h, String fill) {
            sb.append(String.format(
                    Locale.ROOT,
                    "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>%n",
                    x,
                    y,
                    w,
                    h,
                    fill));
        }

        @Override
        public void rectOutline(double x, double y, double w, double h, String stroke) {
            sb.append(String.format(
                    Locale.ROOT,
                    "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" stroke=\"%s\"/>%n",
                    x,
                    y,
                    w,
                    h,
                    stroke));
        }

        @Override
        public void dot(double x, double y, double r, String fill, double alpha) {
            sb.append(String.format(
                    Locale.ROOT,
                    "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\" fill-opacity=\"%.2f\"/>%n",
                    x,
                    y,
                    r,
                    fill,
                    alpha));
        }

        @Override
        public void line(double x1, double y1, double x2, double y2, String stroke, double alpha, boolean dashed) {
            sb.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-opacity=\"%.2f\" stroke-width=\"0.8\"%s/>%n",
                    x1,
                    y1,
                    x2,
                    y2,
                    stroke,
                    alpha,
                    dashed ? " stroke-dasharray=\"3 2\"" : ""));
        }

        @Override
        public void text(double x, double y, int size, boolean bold, String text) {
            sb.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\"%s>%s</text>%n",
                    x,
                    y,
                    size,
                    bold ? " font-weight=\"bold\"" : "",
                    escape(text)));
        }

        String finish() {
            return sb.append("</svg>\n").toString();
        }

        private static String escape(String s) {
            return s.replace("&", "&amp;")
                    .replace("<", "&lt;")
                    .replace(">", "&gt;")
                    .replace("\"", "&quot;");
        }
    }

    private static final class PngCanvas implements Canvas {
        private final Graphics2D g;

        PngCanvas(Graphics2D g, int width, int height) {
            this.g = g;
        }

        private static Color color(String hex, double alpha) {
            Color c = Color.decode(hex);
            return new Color(c.getRed(), c.getGreen(), c.getBlue(), (int) Math.round(255 * alpha));
        }

        @Override
        public void rect(double x, double y, double w, double h, String fill) {
            g.setColor(color(fill, 1));
            g.fill(new java.awt.geom.Rectangle2D.Double(x, y, w, h));
        }

        @Override
        public void rectOutline(double x, double y, double w, double h, String stroke) {
            g.setColor(color(stroke, 1));
            g.setStroke(new BasicStroke(1f));
            g.draw(new java.awt.geom.Rectangle2D.Double(x, y, w, h));
        }

        @Override
        public void dot(double x, double y, double r, String fill, double alpha) {
            g.setColor(color(fill, alpha));
            g.fill(new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r));
        }

        @Override
        public void line(double x1, double y1, double x2, double y2, String stroke, double alpha, boolean dashed) {
            g.setColor(color(stroke, alpha));
            g.setStroke(
                    dashed
                            ? new BasicStroke(
                                    0.8f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {3, 2}, 0)
                            : new BasicStroke(0.8f));
            g.draw(new Line2D.Double(x1, y1, x2, y2));
        }

        @Override
        public void text(double x, double y, int size, boolean bold, String text) {
            g.setColor(Color.DARK_GRAY);
            g.setFont(new Font(Font.SANS_SERIF, bold ? Font.BOLD : Font.PLAIN, size));
            g.drawString(text, (float) x, (float) y);
        }
    }
}
