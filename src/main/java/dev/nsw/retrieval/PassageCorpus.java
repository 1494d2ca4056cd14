package dev.nsw.retrieval;

import dev.nsw.data.Corpus;
import dev.nsw.data.Document;
import dev.nsw.index.IndexMetadata;
import dev.nsw.io.Fingerprint;
import dev.nsw.job.CancellationToken;
import dev.nsw.job.ProgressListener;
import dev.nsw.text.PassageWindows;
import dev.nsw.text.Tokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * A corpus cut into passages for MaxP ({@link PassageWindows}): the passage texts in corpus order, each with the id
 * of its document. A document that fits in one window is one passage, its whole text, so a corpus of short texts
 * gives back its own texts. What an index of passages is built from and bound to ({@link #fingerprint()}, over the
 * passage texts), and what its embedding cache holds.
 *
 * @param corpus the documents
 * @param windows how they were cut
 * @param texts the passages, document by document, in corpus order
 * @param documentIds {@code documentIds.get(i)} is the id of the document passage i was cut from
 */
public record PassageCorpus(Corpus corpus, PassageWindows windows, List<String> texts, List<String> documentIds) {
    public PassageCorpus {
        texts = List.copyOf(texts);
        documentIds = List.copyOf(documentIds);
        if (texts.size() != documentIds.size()) {
            throw new IllegalArgumentException(texts.size() + " passages but " + documentIds.size() + " document ids");
        }
    }

    /** Cuts every document of {@code corpus} with {@code tokenizer}'s word pieces; cancellable per document. */
    public static PassageCorpus split(
            Corpus corpus,
            Tokenizer tokenizer,
            PassageWindows windows,
            ProgressListener progress,
            CancellationToken cancel) {
        List<String> texts = new ArrayList<>(corpus.size());
        List<String> ids = new ArrayList<>(corpus.size());
        int n = corpus.size();
        for (int i = 0; i < n; i++) {
            if (i % 256 == 0) {
                cancel.check();
                progress.progress(i, n, "cutting documents into " + windows.describe());
            }
            Document d = corpus.get(i);
            for (String passage : windows.split(tokenizer, d.text())) {
                texts.add(passage);
                ids.add(d.id());
            }
        }
        progress.progress(n, n, "cutting documents into " + windows.describe());
        return new PassageCorpus(corpus, windows, texts, ids);
    }

    /** Passages in all. */
    public int size() {
        return texts.size();
    }

    /** Passages per document, on average (1 when no document was cut). */
    public double passagesPerDocument() {
        return corpus.size() == 0 ? 1 : (double) texts.size() / corpus.size();
    }

    /** {@link Fingerprint#ofTexts} of the passage texts in order: what their index and embedding cache are bound to. */
    public String fingerprint() {
        return Fingerprint.ofTexts(texts);
    }

    /** The layout an index of these passages records ({@link IndexMetadata#passages()}). */
    public IndexMetadata.Passages layout() {
        return new IndexMetadata.Passages(windows.window(), windows.stride(), corpus.size());
    }
}
