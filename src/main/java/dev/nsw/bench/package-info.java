/**
 * Benchmarks and the synthetic data they run on ({@link dev.nsw.bench.SyntheticEmbeddings}). Numbers come
 * from here (or JMH), never from timed unit tests; every report names the machine and a same-run baseline.
 */
package dev.nsw.bench;
