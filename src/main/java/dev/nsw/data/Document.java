package dev.nsw.data;

/** A corpus entry: a stable id (the line number for recipe files, {@code _id} for BEIR) and its text. */
public record Document(String id, String text) {}
