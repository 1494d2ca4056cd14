/**
 * The workbench's Map panel: its View and ViewModel (see {@code dev.nsw.gui} for the pattern); the map itself
 * (PCA of a dense model's corpus and test queries) is computed in {@code retrieval.EmbeddingMap}.
 */
package dev.nsw.gui.map;
