/**
 * Running core jobs off the FX thread: {@link dev.nsw.gui.task.TaskExecutor} (JavaFX {@code Task} in the
 * app, synchronous in tests), a job's callbacks ({@link dev.nsw.gui.task.BackgroundJob}: success, failure,
 * cancel, then {@code onFinished}) and its {@link dev.nsw.gui.task.JobHandle} for whoever started it, progress
 * coalescing and batched hand-over to the UI thread.
 */
package dev.nsw.gui.task;
