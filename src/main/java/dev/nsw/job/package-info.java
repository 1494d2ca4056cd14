/**
 * What every long job shares: one {@link dev.nsw.job.ProgressListener} and a
 * {@link dev.nsw.job.CancellationToken} checked between units of work.
 */
package dev.nsw.job;
