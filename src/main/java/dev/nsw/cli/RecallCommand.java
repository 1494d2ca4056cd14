package dev.nsw.cli;

import dev.nsw.data.RecallRun;
import dev.nsw.data.RetrievalDataset;
import dev.nsw.encoder.Encoder;
import dev.nsw.index.AnnRecall;
import dev.nsw.index.ExactVectorIndex;
import dev.nsw.index.VectorIndex;
import dev.nsw.job.CancellationToken;
import dev.nsw.retrieval.DenseRecall;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nsw recall}: dense recall of the top N texts for each query (the recipe's recall.py). */
@Command(name = "recall", mixinStandardHelpOptions = true,
        description = {"Recall the top N corpus texts for each query with the dense model.",
                "Uses a saved index (--index) or embeds the corpus and searches it exactly.",
                "Writes the recipe's recall result file and/or a TREC run; --evaluate prints the metrics."})
public final class RecallCommand implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin ModelOptions model;

    @Mixin EvalSetOptions set;

    @Mixin RecallOutputOptions outputs;

    @Option(names = "--index", paramLabel = "DIR", description = "Index built by `nsw index` with the same model.")
    Path indexDir;

    @Option(names = "--ann-check", description = "With --index: also search exactly and report the index's recall@10 against exact search.")
    boolean annCheck;

    @Override
    public Integer call() throws Exception {
        outputs.validate();
        RetrievalDataset dataset = set.load(true);
        var err = spec.commandLine().getErr();
        try (Encoder encoder = model.open()) {
            long t0 = System.nanoTime();
            VectorIndex index;
            if (indexDir != null) {
                index = DenseRecall.openIndex(indexDir, encoder.modelId(), dataset.corpus());
            } else {
                index = DenseRecall.buildIndex(encoder, dataset.corpus(), DenseRecall.IndexSpec.exact(), ConsoleProgress.of(spec),
                        CancellationToken.NEVER);
            }
            double indexSeconds = (System.nanoTime() - t0) / 1e9;
            long t1 = System.nanoTime();
            RecallRun run = DenseRecall.recall(encoder, index, dataset.queries(), outputs.recallNum, ConsoleProgress.of(spec),
                    CancellationToken.NEVER);
            double recallSeconds = (System.nanoTime() - t1) / 1e9;
            err.printf(Locale.ROOT, "dense recall (%s, %s index of %,d): index ready in %.1f s; %,d queries embedded and searched in %.1f s%n",
                    encoder.name(), index.kind(), index.size(), indexSeconds, dataset.queries().size(), recallSeconds);
            if (annCheck && !(index instanceof ExactVectorIndex)) {
                float[][] q = DenseRecall.embed(encoder, dataset.queries().stream().map(dev.nsw.data.Query::text).toList(),
                        "queries (ANN check)", ConsoleProgress.of(spec), CancellationToken.NEVER);
                float[][] vectors = new float[index.size()][];
                for (int i = 0; i < index.size(); i++) {
                    vectors[i] = ((dev.nsw.index.HnswVectorIndex) index).vector(i);
                }
                VectorIndex exact = ExactVectorIndex.builder(index.modelId()).build(vectors,
                        java.util.stream.IntStream.range(0, index.size()).mapToObj(index::id).toList());
                spec.commandLine().getOut().printf(Locale.ROOT, "ANN recall@10 against exact search: %.4f%n",
                        AnnRecall.recallAtK(index, exact, q, 10));
            }
            outputs.emit(dataset, run, model.label() + " " + index.kind(), "nsw-dense");
        }
        return 0;
    }
}
