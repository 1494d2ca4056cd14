package dev.nsw.index;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/** State and checks shared by the index implementations: model id, dimensions, external ids. */
abstract class AbstractVectorIndex implements VectorIndex {
    final String modelId;
    final int dimensions;
    final int size;
    /** External ids by ordinal, or null when the id is the ordinal itself. */
    final String[] ids;

    final Instant created;
    final double buildSeconds;
    /** Fingerprint of the corpus the vectors were made from (set once, by the builder or the loader), or null. */
    String corpusSha256;
    /** For an index of passages, how its documents were cut (set once, by the builder or the loader), else null. */
    IndexMetadata.Passages passages;

    AbstractVectorIndex(String modelId, int dimensions, int size, String[] ids, Instant created, double buildSeconds) {
        this.modelId = modelId;
        this.dimensions = dimensions;
        this.size = size;
        this.ids = ids;
        this.created = created;
        this.buildSeconds = buildSeconds;
    }

    @Override
    public String modelId() {
        return modelId;
    }

    @Override
    public String corpusFingerprint() {
        return corpusSha256;
    }

    @Override
    public java.util.Optional<IndexMetadata.Passages> passages() {
        return java.util.Optional.ofNullable(passages);
    }

    @Override
    public int dimensions() {
        return dimensions;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public String id(int ordinal) {
        Objects.checkIndex(ordinal, size);
        return ids == null ? Integer.toString(ordinal) : ids[ordinal];
    }

    /** Wall-clock seconds the build took (as recorded when it was built). */
    public double buildSeconds() {
        return buildSeconds;
    }

    float[] checkedQuery(float[] query, int k) {
        if (query.length != dimensions) {
            throw new IllegalArgumentException("query has " + query.length + " dimensions, index has " + dimensions);
        }
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        return Vectors.normalized(query);
    }

    Hit hit(int ordinal, float score) {
        return new Hit(id(ordinal), ordinal, score);
    }

    /** Options common to both builders; {@code B} is the concrete builder type, {@code I} the index it builds. */
    abstract static class Builder<B extends Builder<B, I>, I extends VectorIndex> {
        final String modelId;
        dev.nsw.job.ProgressListener listener = dev.nsw.job.ProgressListener.NONE;
        BooleanSupplier cancelled = () -> false;
        int threads = Runtime.getRuntime().availableProcessors();

        Builder(String modelId) {
            if (modelId == null || modelId.isBlank()) {
                throw new IllegalArgumentException("modelId must be non-blank, got '" + modelId + "'");
            }
            this.modelId = modelId;
        }

        String corpusSha256;

        /** Binds the index to the corpus its vectors embed ({@link dev.nsw.io.Fingerprint#ofTexts}); saved and checked on open. */
        public B optCorpusFingerprint(String fingerprint) {
            this.corpusSha256 = fingerprint;
            return self();
        }

        IndexMetadata.Passages passages;

        /**
         * Marks the index as one of passages: its ids repeat (one per passage of a document) and {@link
         * VectorIndex#documents} searches it by document, each scored by its best passage. Saved and restored.
         */
        public B optPassages(IndexMetadata.Passages passages) {
            this.passages = passages;
            return self();
        }

        I bound(I index) {
            ((AbstractVectorIndex) index).corpusSha256 = corpusSha256;
            ((AbstractVectorIndex) index).passages = passages;
            return index;
        }

        @SuppressWarnings("unchecked")
        B self() {
            return (B) this;
        }

        /** Progress during the build (default: none). */
        public B optProgressListener(dev.nsw.job.ProgressListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return self();
        }

        /**
         * Polled between items: when it returns true the build stops and throws
         * {@link java.util.concurrent.CancellationException}. Interrupting the building thread does the same.
         */
        public B optCancellation(BooleanSupplier cancelled) {
            this.cancelled = Objects.requireNonNull(cancelled, "cancelled");
            return self();
        }

        /** Worker threads for the build (default: all cores). */
        public B optThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1, got " + threads);
            }
            this.threads = threads;
            return self();
        }

        /** Builds with ids {@code "0" .. "n-1"} (the ordinals). */
        public I build(float[][] vectors) {
            return build(vectors, (String[]) null);
        }

        /** Builds with integer ids, {@code ids[i]} for {@code vectors[i]}. */
        public I build(float[][] vectors, int[] ids) {
            String[] s = new String[ids.length];
            for (int i = 0; i < ids.length; i++) {
                s[i] = Integer.toString(ids[i]);
            }
            return build(vectors, s);
        }

        /** Builds with string ids, {@code ids.get(i)} for {@code vectors[i]}. */
        public I build(float[][] vectors, List<String> ids) {
            return build(vectors, ids == null ? null : ids.toArray(String[]::new));
        }

        /**
         * Builds the index from {@code vectors[n][d]}. Vectors already of unit length are kept by reference
         * (do not modify them afterwards); others are copied and normalised.
         *
         * @param ids external ids (no line breaks), or null for the ordinals
         */
        public abstract I build(float[][] vectors, String[] ids);

        /** Validates the input and returns the common dimension. */
        int checkInput(float[][] vectors, String[] ids) {
            Objects.requireNonNull(vectors, "vectors");
            if (vectors.length == 0) {
                throw new IllegalArgumentException("cannot build an index from 0 vectors");
            }
            int d = vectors[0].length;
            if (d == 0) {
                throw new IllegalArgumentException("vectors have 0 dimensions");
            }
            for (int i = 0; i < vectors.length; i++) {
                if (vectors[i].length != d) {
                    throw new IllegalArgumentException(
                            "vector " + i + " has " + vectors[i].length + " dimensions, vector 0 has " + d);
                }
            }
            checkIds(ids, vectors.length);
            return d;
        }

        /** Ids, when given, are one per vector, non-null and on one line each. */
        static void checkIds(String[] ids, int n) {
            if (ids != null) {
                if (ids.length != n) {
                    throw new IllegalArgumentException(ids.length + " ids for " + n + " vectors");
                }
                for (int i = 0; i < ids.length; i++) {
                    if (ids[i] == null || ids[i].indexOf('\n') >= 0 || ids[i].indexOf('\r') >= 0) {
                        throw new IllegalArgumentException(
                                "id " + i + " is null or contains a line break: '" + ids[i] + "'");
                    }
                }
            }
        }

        void checkCancelled() {
            if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
                throw new java.util.concurrent.CancellationException("index build cancelled");
            }
        }
    }
}
