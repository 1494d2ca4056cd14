package dev.nsw.index;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What {@code index.json} says about a saved index: format and version, kind ({@code "hnsw"} or
 * {@code "exact"}), shape, the id of the model whose embeddings it holds, build parameters, when and how
 * fast it was built, and the data files with their SHA-256 so that a load only ever reads bytes this
 * program wrote.
 *
 * @param format          always {@value #FORMAT}
 * @param formatVersion   {@value #FORMAT_VERSION} for this code
 * @param kind            {@code "hnsw"} or {@code "exact"}
 * @param dimensions      vector length
 * @param size            number of stored vectors
 * @param modelId         id of the model that made the vectors
 * @param similarity      always {@code "cosine"}: inner product of L2-normalised vectors
 * @param m               HNSW links per node per layer (layer 0 has 2M); null for exact
 * @param efConstruction  HNSW candidate list size while building; null for exact
 * @param ef              HNSW candidate list size while searching; null for exact
 * @param distanceKernel  which inner-product kernel built it ({@code "vector-api"} or {@code "scalar"})
 * @param created         ISO-8601 instant of the build
 * @param buildSeconds    wall-clock build time
 * @param dataFile        file name (in the index folder) holding the vectors / graph
 * @param dataSha256      hex SHA-256 of {@code dataFile}
 * @param idsFile         file name holding one external id per line, or null when ids are ordinals
 * @param idsSha256       hex SHA-256 of {@code idsFile}, or null
 * @param corpusSha256    {@link dev.nsw.io.Fingerprint#ofTexts} of the corpus texts in index order, or null
 *                        (indexes built before it was recorded, or not from a corpus); for an index of
 *                        passages, of the passage texts
 * @param passages        for an index of passages (several vectors per document, ids repeated), how the documents
 *                        were cut; null for one vector per document
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IndexMetadata(
        String format,
        int formatVersion,
        String kind,
        int dimensions,
        int size,
        String modelId,
        String similarity,
        Integer m,
        Integer efConstruction,
        Integer ef,
        String distanceKernel,
        String created,
        double buildSeconds,
        String dataFile,
        String dataSha256,
        String idsFile,
        String idsSha256,
        String corpusSha256,
        Passages passages) {

    /**
     * How an index of passages cut its documents: windows of {@code window} tokens ({@code [CLS]}/{@code [SEP]}
     * included), {@code stride} word pieces apart, over {@code documents} documents. Its vectors' ids are the
     * documents' ids, one per passage, and a search returns each document once, scored by its best passage
     * ({@link MaxPassageIndex}).
     */
    public record Passages(int window, int stride, int documents) {
        public Passages {
            if (window < 3 || stride < 1 || documents < 1) {
                throw new IllegalArgumentException(
                        "bad passage layout: window " + window + ", stride " + stride + ", documents " + documents);
            }
        }
    }

    /** Value of {@link #format()} in every index this program writes. */
    public static final String FORMAT = "nsw-vector-index";
    /** Current {@link #formatVersion()}. */
    public static final int FORMAT_VERSION = 1;

    IndexMetadata withFiles(String dataFile, String dataSha256, String idsFile, String idsSha256) {
        return new IndexMetadata(
                format,
                formatVersion,
                kind,
                dimensions,
                size,
                modelId,
                similarity,
                m,
                efConstruction,
                ef,
                distanceKernel,
                created,
                buildSeconds,
                dataFile,
                dataSha256,
                idsFile,
                idsSha256,
                corpusSha256,
                passages);
    }
}
