package dev.nsw.data;

/** One non-blank line of a one-text-a-line file (corpus, unsupervised text), with its line number. */
public record TextLine(long line, String text) {}
