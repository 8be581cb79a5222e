package ai.crosslayer.query.audit;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The export's CSV encoding on its own: quoting, NULL against empty, and the lines it refuses to read. */
class AuditCsvTest {

    @Test
    void everyFieldIsQuotedQuotesAreDoubledAndAnAbsentValueIsAnEmptyUnquotedField() {
        assertThat(AuditCsv.line(Arrays.asList("a", "say \"hi\"", null, "x,y", "")))
                .isEqualTo("\"a\",\"say \"\"hi\"\"\",,\"x,y\",\"\"");
    }

    @Test
    void aLineReadsBackAsTheFieldsItWasWrittenFromWithNullAndEmptyTellApart() {
        List<String> fields = Arrays.asList(null, "", "\"", "a,\"b\"", "{\"k\":[1,2]}", null);

        assertThat(AuditCsv.parse(AuditCsv.line(fields))).isEqualTo(fields);
    }

    @Test
    void aRowHasEveryColumnAndNamesItsNullValuesInTheNullsColumn() {
        Map<String, String> given = new LinkedHashMap<>();
        given.put("record", "event");
        given.put("source", null);
        given.put("meta_data_base64", null);

        List<String> row = AuditCsv.parse(AuditCsv.row(given));

        assertThat(row).hasSize(AuditCsv.COLUMNS.size());
        assertThat(row.get(AuditCsv.COLUMNS.indexOf("record"))).isEqualTo("event");
        assertThat(row.get(AuditCsv.COLUMNS.indexOf("nulls"))).isEqualTo("source;meta_data_base64");
        assertThat(row.get(AuditCsv.COLUMNS.indexOf("hash"))).isNull();
    }

    @Test
    void aLineNotWrittenByTheExportIsNotAnExport() {
        assertThatThrownBy(() -> AuditCsv.parse("\"a\",b")).isInstanceOf(NotAnExport.class)
                .hasMessageContaining("a field is not quoted");
        assertThatThrownBy(() -> AuditCsv.parse("\"a")).isInstanceOf(NotAnExport.class)
                .hasMessageContaining("a quoted field is not closed");
        assertThatThrownBy(() -> AuditCsv.parse("\"a\"b")).isInstanceOf(NotAnExport.class)
                .hasMessageContaining("text follows a quoted field");
    }

    @Test
    void theHeaderRowTellsACsvExportFromAnNdjsonOne() {
        assertThat(AuditCsv.isHeader(AuditCsv.line(AuditCsv.COLUMNS))).isTrue();
        assertThat(AuditCsv.isHeader("{\"record\":\"export\"}")).isFalse();
    }

    @Test
    void aFormatIsNamedInAnyCaseAndAnUnknownOneIsRefusedWithTheKnownNames() {
        assertThat(AuditExportFormat.named("CSV")).isEqualTo(AuditExportFormat.CSV);
        assertThat(AuditExportFormat.named("ndjson").mediaType()).isEqualTo("application/x-ndjson");
        assertThatThrownBy(() -> AuditExportFormat.named("xml")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown export format 'xml': use ndjson or csv");
    }
}
