/**
 * The workbench's Compare panel: its View and ViewModel (see {@code dev.nsw.gui} for the pattern).
 */
package dev.nsw.gui.compare;
