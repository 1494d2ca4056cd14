package dev.nsw.data;

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
 * <p>A text that occurs twice in a recipe corpus is kept once (under its first line number): the recipe
 * compares recalled texts by string equality, so two copies could never be told apart anyway, and they
 * would waste two of the top-K slots. {@link #duplicatesDropped()} says how many were dropped. The id of a
 * dropped copy still resolves through {@link #byId} to the kept document, so that judgements naming it (a
 * BEIR qrels line) are not lost.
 */
public final class Corpus {
    private final List<Document> documents;
    private final Map<String, Document> byId;
    private final Map<String, Document> byText;
    private final int duplicatesDropped;
    private volatile String fingerprint;

    private Corpus(List<Document> documents, Map<String, Document> byId, Map<String, Document> byText, int dropped) {
        this.documents = Collections.unmodifiableList(documents);
        this.byId = byId;
        this.byText = byText;
        this.duplicatesDropped = dropped;
    }

    /** Builds a corpus from documents with unique ids; repeated texts after the first are dropped. */
    public static Corpus of(List<Document> documents) {
        List<Document> kept = new ArrayList<>(documents.size());
        Map<String, Document> byId = new HashMap<>(documents.size() * 2);
        Map<String, Document> byText = new LinkedHashMap<>(documents.size() * 2);
        int dropped = 0;
        Map<String, Document> aliases = new HashMap<>();
        for (Document d : documents) {
            if (byId.containsKey(d.id()) || aliases.containsKey(d.id())) {
                throw new IllegalArgumentException("duplicate document id '" + d.id() + "'");
            }
            Document first = byText.putIfAbsent(d.text(), d);
            if (first != null) {
                dropped++;
                aliases.put(d.id(), first);
                continue;
            }
            byId.put(d.id(), d);
            kept.add(d);
        }
        aliases.forEach(byId::putIfAbsent);
        return new Corpus(kept, byId, byText, dropped);
    }

    /** Reads a recipe {@code corpus.csv}: one document a line, id = 1-based line number. */
    public static Corpus readRecipe(Path file, ReadOptions options) {
        DataFile<TextLine> lines = RecipeFiles.readTexts(file, options);
        List<Document> docs = new ArrayList<>(lines.size());
        for (TextLine l : lines.records()) {
            docs.add(new Document(Long.toString(l.line()), l.text()));
        }
        return of(docs);
    }

    public List<Document> documents() {
        return documents;
    }

    public int size() {
        return documents.size();
    }

    public Document get(int index) {
        return documents.get(index);
    }

    /** The document with this id; for the id of a dropped duplicate, the kept document with the same text. */
    public Optional<Document> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public Optional<Document> byText(String text) {
        return Optional.ofNullable(byText.get(text));
    }

    /** {@link dev.nsw.io.Fingerprint#ofTexts} of the texts in order: what embeddings and indexes are bound to. */
    public String fingerprint() {
        String f = fingerprint;
        if (f == null) {
            f = dev.nsw.io.Fingerprint.ofTexts(
                    documents.stream().map(Document::text).toList());
            fingerprint = f;
        }
        return f;
    }

    public int duplicatesDropped() {
        return duplicatesDropped;
    }
}
