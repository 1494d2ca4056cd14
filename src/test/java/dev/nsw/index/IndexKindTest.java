package dev.nsw.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The one spelling of each index kind: the name a built index reports and index.json records. */
class IndexKindTest {
    @Test
    void eachKindIsNamedAsItsIndexReportsItself() {
        float[][] v = {{1, 0}, {0, 1}, {0.6f, 0.8f}};
        java.util.List<String> ids = java.util.List.of("a", "b", "c");
        assertThat(IndexKind.of(ExactVectorIndex.builder("m").build(v, ids).kind()))
                .isEqualTo(IndexKind.EXACT);
        assertThat(IndexKind.of(HnswVectorIndex.builder("m").build(v, ids).kind()))
                .isEqualTo(IndexKind.HNSW);
        assertThat(IndexKind.HNSW).hasToString("hnsw");
    }

    @Test
    void anUnknownNameIsRefusedNamingTheKnownOnes() {
        assertThatThrownBy(() -> IndexKind.of("flat"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("index kind must be hnsw or exact, got 'flat'");
    }
}
