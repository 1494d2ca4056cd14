/**
 * The local HTTP JSON service of {@code nsw serve}, a front end only: {@code BackendSpec} opens the corpus,
 * models and indexes through the core, {@code SearchBackend} answers with the same retrievers as the CLI and
 * the workbench, {@code SearchServer} binds to 127.0.0.1 with bounded bodies, batches and queues.
 */
package dev.nsw.serve;
