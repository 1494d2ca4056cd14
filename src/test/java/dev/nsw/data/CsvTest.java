package dev.nsw.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 4180 quoting, the one rule every CSV export of nsw uses. */
class CsvTest {
    @Test
    void plainFieldsStayAsTheyAre() {
        assertThat(Csv.field("dense bge-small-zh-v1.5")).isEqualTo("dense bge-small-zh-v1.5");
        assertThat(Csv.field("")).isEmpty();
        assertThat(Csv.field("蓝鲸 报销")).isEqualTo("蓝鲸 报销");
    }

    @Test
    void commasLineBreaksAndQuotesAreQuoted() {
        assertThat(Csv.field("a,b")).isEqualTo("\"a,b\"");
        assertThat(Csv.field("line\nbreak")).isEqualTo("\"line\nbreak\"");
        assertThat(Csv.field("carriage\rreturn")).isEqualTo("\"carriage\rreturn\"");
        assertThat(Csv.field("crlf\r\n")).isEqualTo("\"crlf\r\n\"");
        assertThat(Csv.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(Csv.field("\"")).isEqualTo("\"\"\"\"");
    }

    @Test
    void aRowQuotesEachFieldOnItsOwn() {
        assertThat(Csv.row(List.of("q1", "what, where", "3"))).isEqualTo("q1,\"what, where\",3");
    }
}
