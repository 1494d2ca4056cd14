package dev.nsw.data;

/** One line of a pairwise ranking file: {@code query \t positive \t negative}. */
public record RankingTriple(long line, String query, String positive, String negative) {}
