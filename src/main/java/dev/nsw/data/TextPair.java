package dev.nsw.data;

/** One line of a recipe pair file ({@code train.csv}, {@code dev.csv}, {@code test.csv}): a query and a similar text. */
public record TextPair(long line, String query, String target) {}
