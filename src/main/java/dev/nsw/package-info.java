/**
 * Neural Search Workbench: semantic retrieval built, inspected and compared end to end. {@link dev.nsw.Main}
 * starts the workbench ({@code dev.nsw.gui}) or the command line ({@code dev.nsw.cli}); both are front ends
 * over the core packages. docs/ARCHITECTURE.md has the package table and the rules ArchitectureTest keeps.
 */
package dev.nsw;
