package dev.nsw.data;

import dev.nsw.io.Fingerprint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The texts a query is answered from, in file order, with look-ups by id and by exact text.
 *
 * <p>What makes two documents the same is the corpus's {@link Identity}, one rule that every user of a corpus
 * (BM25, dense recall, hybrid, TREC runs, evaluation, Search, the map, the annotate export, {@code serve})
 * follows simply by using the corpus's documents and ids:
 *
 * <ul>
 *   <li>{@link Identity#BY_TEXT} — the recipe's files: the recipe compares recalled texts by string equality,
 *       so a text that occurs twice in {@code corpus.csv} is one document, kept once under its first line
 *       number ({@link #duplicateTexts()} counts the later copies dropped). The id of a dropped copy still
 *       resolves through {@link #byId} to the kept document.
 *   <li>{@link Identity#BY_ID} — BEIR folders: a document is its {@code _id}; two documents with equal texts
 *       are two documents, both indexed, both returned under their own ids, each judged by its own qrels
 *       lines ({@link #duplicateTexts()} counts the documents whose text an earlier one already has).
 * </ul>
 */
public final class Corpus {
    /** What makes two documents of a corpus the same document. */
    public enum Identity {
        /** Documents are their ids (BEIR): equal texts under two ids are two documents. */
        BY_ID,
        /** Documents are their texts (the recipe's files): a repeated text is the same document, kept once. */
        BY_TEXT
    }

    private final Identity identity;
    private final List<Document> documents;
    private final Map<String, Document> byId;
    private final Map<String, List<Document>> byText;
    private final int duplicateTexts;
    private volatile String fingerprint;

    private Corpus(
            Identity identity,
            List<Document> documents,
            Map<String, Document> byId,
            Map<String, List<Document>> byText,
            int duplicateTexts) {
        this.identity = identity;
        this.documents = Collections.unmodifiableList(documents);
        this.byId = byId;
        this.byText = byText;
        this.duplicateTexts = duplicateTexts;
    }

    /** A recipe corpus ({@link Identity#BY_TEXT}): ids must be unique; repeated texts after the first are dropped. */
    public static Corpus of(List<Document> documents) {
        return of(documents, Identity.BY_TEXT);
    }

    /** A corpus of documents with unique ids under the given identity rule. */
    public static Corpus of(List<Document> documents, Identity identity) {
        List<Document> kept = new ArrayList<>(documents.size());
        Map<String, Document> byId = new HashMap<>(documents.size() * 2);
        Map<String, List<Document>> byText = new LinkedHashMap<>(documents.size() * 2);
        int duplicates = 0;
        Map<String, Document> aliases = new HashMap<>();
        for (Document d : documents) {
            if (byId.containsKey(d.id()) || aliases.containsKey(d.id())) {
                throw new IllegalArgumentException("duplicate document id '" + d.id() + "'");
            }
            List<Document> sameText = byText.computeIfAbsent(d.text(), t -> new ArrayList<>(1));
            if (!sameText.isEmpty()) {
                duplicates++;
                if (identity == Identity.BY_TEXT) {
                    aliases.put(d.id(), sameText.getFirst());
                    continue;
                }
            }
            sameText.add(d);
            byId.put(d.id(), d);
            kept.add(d);
        }
        aliases.forEach(byId::putIfAbsent);
        return new Corpus(identity, kept, byId, byText, duplicates);
    }

    /** Reads a recipe {@code corpus.csv}: one document a line, id = 1-based line number, texts are identities. */
    public static Corpus readRecipe(Path file, ReadOptions options) {
        DataFile<TextLine> lines = RecipeFiles.readTexts(file, options);
        List<Document> docs = new ArrayList<>(lines.size());
        for (TextLine l : lines.records()) {
            docs.add(new Document(Long.toString(l.line()), l.text()));
        }
        return of(docs, Identity.BY_TEXT);
    }

    /** What makes two documents of this corpus the same. */
    public Identity identity() {
        return identity;
    }

    /** The documents, in file order: what is indexed, embedded and returned. */
    public List<Document> documents() {
        return documents;
    }

    public int size() {
        return documents.size();
    }

    public Document get(int index) {
        return documents.get(index);
    }

    /** The document with this id; under {@link Identity#BY_TEXT}, a dropped copy's id gives the kept document. */
    public Optional<Document> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The (first) document with exactly this text. */
    public Optional<Document> byText(String text) {
        List<Document> docs = byText.get(text);
        return docs == null ? Optional.empty() : Optional.of(docs.getFirst());
    }

    /**
     * Every document with exactly this text, in file order: one at most under {@link Identity#BY_TEXT}, every
     * twin under {@link Identity#BY_ID}.
     */
    public List<Document> allWithText(String text) {
        return Collections.unmodifiableList(byText.getOrDefault(text, List.of()));
    }

    /** {@link dev.nsw.io.Fingerprint#ofTexts} of the texts in order: what embeddings and indexes are bound to. */
    public String fingerprint() {
        String f = fingerprint;
        if (f == null) {
            f = Fingerprint.ofTexts(documents.stream().map(Document::text).toList());
            fingerprint = f;
        }
        return f;
    }

    /**
     * Documents of the file whose text an earlier document already has: dropped under {@link Identity#BY_TEXT}
     * (the recipe's rule), kept under {@link Identity#BY_ID} (each under its own id).
     */
    public int duplicateTexts() {
        return duplicateTexts;
    }

    /** Lines of the file that are not documents of their own: the later copies of a text under {@link Identity#BY_TEXT}. */
    public int duplicatesDropped() {
        return identity == Identity.BY_TEXT ? duplicateTexts : 0;
    }
}
