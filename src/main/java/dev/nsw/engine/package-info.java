/**
 * An OpenSearch 3.x engine as a backend: the HTTP client, push (mapping, _meta, bulk load), retrievers returning
 * the local code's RecallRun, and the local multi-node cluster launcher. Only {@code engine.server} imports the
 * OpenSearch server, and it runs only in the child JVMs.
 */
package dev.nsw.engine;
