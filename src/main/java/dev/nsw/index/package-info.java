/**
 * Dense vector indexes: {@link dev.nsw.index.VectorIndex} with an HNSW ({@link dev.nsw.index.HnswVectorIndex},
 * hnswlib-java) and an exact ({@link dev.nsw.index.ExactVectorIndex}) implementation, their on-disk format
 * ({@link dev.nsw.index.IndexFiles}, checked before anything is deserialised), NumPy {@code .npy} matrices
 * ({@link dev.nsw.io.NpyFile}) and ANN quality ({@link dev.nsw.index.AnnRecall}).
 *
 * <p>All scores are cosine similarities: vectors and queries are L2-normalised and compared by inner
 * product, computed with the Vector API ({@code --add-modules jdk.incubator.vector}) when available.
 */
package dev.nsw.index;
