/**
 * Running core jobs off the FX thread: {@link dev.nsw.gui.task.TaskExecutor} (JavaFX {@code Task} in the
 * app, synchronous in tests), progress coalescing and batched hand-over to the UI thread.
 */
package dev.nsw.gui.task;
