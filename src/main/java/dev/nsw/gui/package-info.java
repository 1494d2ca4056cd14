/**
 * The JavaFX workbench: a front end only. One sub-package per panel, each a View (layout, bindings) and a
 * ViewModel (state and actions, calling core services); {@link dev.nsw.gui.WorkbenchModel} holds what the
 * panels share; long work runs through {@link dev.nsw.gui.task.TaskExecutor} off the FX thread.
 */
package dev.nsw.gui;
