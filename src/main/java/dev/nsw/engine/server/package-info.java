/**
 * The OpenSearch node main of {@code nsw engine start}, run only in child JVMs whose class path adds the
 * engine's provided-scope jars: the one package that imports {@code org.opensearch}, and nothing imports it
 * (ArchitectureTest).
 */
package dev.nsw.engine.server;
