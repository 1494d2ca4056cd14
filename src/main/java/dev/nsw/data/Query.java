package dev.nsw.data;

/** An evaluation query: a stable id ({@code q1, q2, ...} for recipe files, BEIR's {@code _id}) and its text. */
public record Query(String id, String text) {}
