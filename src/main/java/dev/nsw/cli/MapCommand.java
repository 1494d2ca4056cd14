package dev.nsw.cli;

import dev.nsw.data.RetrievalDataset;
import dev.nsw.encoder.Encoder;
import dev.nsw.encoder.PretrainedModel;
import dev.nsw.io.FolderLock;
import dev.nsw.io.OwnedFolder;
import dev.nsw.job.CancellationToken;
import dev.nsw.retrieval.CorpusEmbeddings;
import dev.nsw.retrieval.EmbeddingMap;
import dev.nsw.retrieval.EmbeddingMapFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code nsw map}: a 2-D PCA map of a dense model's embedding space, and of a second model on the same basis. */
@Command(
        name = "map",
        mixinStandardHelpOptions = true,
        description = {
            "Project the corpus and the test queries of a dense model to 2-D (PCA) and write map.png, map.svg and a CSV of coordinates.",
            "Each query is linked to its gold document and (when missed) its top-1 hit; queries are coloured found/missed at top 1.",
            "--after MODEL draws a second model (e.g. after training) beside it on the same PCA basis.",
            "Above --max_points points the map is a seeded sample (gold documents and top-1 hits always kept)."
        })
public final class MapCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Mixin
    EvalSetOptions set;

    @Option(
            names = "--after",
            paramLabel = "NAME|DIR",
            description = "A second model (e.g. the trained one) mapped beside --model with the same basis.")
    String after;

    @Writes
    @Option(
            names = "--corpus_embeddings",
            paramLabel = "FILE.npy",
            description =
                    "Cache of --model's corpus embeddings (as in `nsw search`): read when it matches the model, else written.")
    Path corpusEmbeddings;

    @ArgGroup(exclusive = true, multiplicity = "1")
    OutputFolder outputFolder;

    /** {@code -o/--output}, required; a group so that the old hidden {@code --out} satisfies it too. */
    static final class OutputFolder {
        @Writes(folder = true)
        @Option(
                names = {"-o", "--output"},
                paramLabel = "DIR",
                description = "Folder for map.png, map.svg and the CSV(s).")
        Path path;

        @Option(names = "--out", hidden = true, paramLabel = "DIR")
        void oldSpelling(Path folder) {
            path = folder;
        }
    }

    // the default is the initial value: picocli would apply a defaultValue over what the hidden alias set
    @Option(
            names = "--max_points",
            paramLabel = "N",
            description = "Sample above this many points, documents and queries together.")
    int maxPoints = 30_000;

    @Option(names = "--max-points", hidden = true, paramLabel = "N")
    void oldMaxPoints(int value) {
        maxPoints = value;
    }

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the sample and the PCA start vector.")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (maxPoints < 100) {
            throw new ParameterException(spec.commandLine(), "--max_points must be >= 100, got " + maxPoints);
        }
        if (after != null && PretrainedModel.byName(after).isEmpty() && !Files.isDirectory(Path.of(after))) {
            throw new ParameterException(
                    spec.commandLine(),
                    "unknown model '" + after + "' for --after: give a bundled model (" + PretrainedModel.names()
                            + ") or a model folder");
        }
        // refused before the corpus is embedded, not after: a folder of the user's own map.png is not ours to replace
        Path out = outputFolder.path;
        OwnedFolder.requireWritable(out, OwnedFolder.Kind.EMBEDDING_MAP);
        RetrievalDataset dataset = set.load(true);
        var err = spec.commandLine().getErr();
        List<EmbeddingMap.Space> spaces = new ArrayList<>();
        try (Encoder encoder = model.open()) {
            float[][] cached = corpusEmbeddings == null
                    ? null
                    : CorpusEmbeddings.loadOrCompute(
                            encoder,
                            dataset.corpus(),
                            corpusEmbeddings,
                            ConsoleProgress.of(spec),
                            CancellationToken.NEVER);
            spaces.add(EmbeddingMap.embed(
                    model.label(), encoder, dataset, cached, ConsoleProgress.of(spec), CancellationToken.NEVER));
        }
        if (after != null) {
            try (Encoder encoder = Encoder.open(after, model.encoderOptions())) {
                spaces.add(EmbeddingMap.embed(
                        after, encoder, dataset, null, ConsoleProgress.of(spec), CancellationToken.NEVER));
            }
        }
        long t0 = System.nanoTime();
        List<EmbeddingMap.View> views = EmbeddingMap.maps(dataset, spaces, maxPoints, seed);
        double projectSeconds = (System.nanoTime() - t0) / 1e9;
        List<String> titles = new ArrayList<>();
        for (int i = 0; i < views.size(); i++) {
            titles.add((views.size() > 1 ? (i == 0 ? "before: " : "after: ") : "")
                    + views.get(i).model() + " on " + dataset.name());
        }
        List<Path> written = new ArrayList<>();
        try (FolderLock lock = OwnedFolder.claimLocked(out, OwnedFolder.Kind.EMBEDDING_MAP)) {
            writeMaps(views, titles, written);
        }
        var stdout = spec.commandLine().getOut();
        for (int i = 0; i < views.size(); i++) {
            EmbeddingMap.View v = views.get(i);
            stdout.printf(
                    Locale.ROOT,
                    "%s: top-1 hit is gold for %,d of %,d queries; %s%n",
                    titles.get(i),
                    v.found(),
                    v.queries().size(),
                    v.basisNote());
        }
        stdout.println(
                "points: " + EmbeddingMapFiles.sampleNote(views.getFirst().sample()));
        err.printf(Locale.ROOT, "projected in %.1f s; wrote %s%n", projectSeconds, written);
        stdout.flush();
        return 0;
    }

    private void writeMaps(List<EmbeddingMap.View> views, List<String> titles, List<Path> written) {
        Path out = outputFolder.path;
        for (int i = 0; i < views.size(); i++) {
            Path csv = out.resolve(views.size() == 1 ? "map.csv" : i == 0 ? "map-before.csv" : "map-after.csv");
            EmbeddingMapFiles.writeCsv(csv, views.get(i));
            written.add(csv);
        }
        EmbeddingMapFiles.writePng(out.resolve("map.png"), views, titles);
        EmbeddingMapFiles.writeSvg(out.resolve("map.svg"), views, titles);
        written.add(out.resolve("map.png"));
        written.add(out.resolve("map.svg"));
    }
}
