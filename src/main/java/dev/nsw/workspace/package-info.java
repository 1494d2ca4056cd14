/**
 * The on-disk layout of a workspace folder: which data files it holds ({@link dev.nsw.workspace.WorkspaceFiles});
 * runs, indexes, embeddings and settings move here from the GUI (see docs/ARCHITECTURE.md).
 */
package dev.nsw.workspace;
