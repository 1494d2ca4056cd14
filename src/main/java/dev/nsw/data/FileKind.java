package dev.nsw.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The kinds of data file the workbench reads, with detection from a file's first line. */
public enum FileKind {
    /** {@code query \t similar text} (train/dev/test). */
    PAIRS,
    /** One text a line (corpus, unsupervised text). */
    TEXTS,
    /** {@code query \t positive \t negative}. */
    TRIPLES,
    /** {@code query \t title \t 0/1}. */
    LABELED,
    /** A BEIR folder (corpus.jsonl, queries.jsonl, qrels/). */
    BEIR;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FileKind fromCliName(String name) {
        for (FileKind k : values()) {
            if (k.cliName().equals(name.toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new IllegalArgumentException(
                "unknown kind '" + name + "'; choose one of pairs, texts, triples, labeled, beir");
    }

    /**
     * Guesses the kind: a folder is BEIR; otherwise the first non-blank line's column count decides (1 texts,
     * 2 pairs, 3 labelled pairs when the third column is 0 or 1, triples otherwise).
     */
    public static FileKind detect(Path file) {
        if (Files.isDirectory(file)) {
            return BEIR;
        }
        String[] first = {null};
        ReadReport report = new ReadReport(file);
        try {
            Lines.forEach(file, ReadOptions.LENIENT, report, (line, text) -> {
                if (first[0] == null) {
                    first[0] = text;
                    throw new StopReading();
                }
            });
        } catch (StopReading expected) {
            // found the first line
        }
        if (first[0] == null && !report.skipped().isEmpty()) {
            throw report.skipped()
                    .getFirst(); // say why (invalid UTF-8, a NUL byte, an over-long line), not just "no line"
        }
        if (first[0] == null) {
            throw new DataFormatException(file, 0, "cannot detect the kind: no readable line");
        }
        String[] cols = first[0].split("\t", -1);
        return switch (cols.length) {
            case 1 -> TEXTS;
            case 2 -> PAIRS;
            case 3 -> cols[2].strip().matches("[01]") ? LABELED : TRIPLES;
            default ->
                throw new DataFormatException(
                        file,
                        1,
                        "cannot detect the kind: " + cols.length
                                + " tab-separated columns; expected 1 (texts), 2 (pairs) or 3 (triples/labelled pairs)");
        };
    }

    private static final class StopReading extends RuntimeException {
        StopReading() {
            super(null, null, false, false);
        }
    }
}
