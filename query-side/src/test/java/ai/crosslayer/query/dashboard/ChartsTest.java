package ai.crosslayer.query.dashboard;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The overview's charts: stacked bars whose heights are to scale, a slot for every day, a colour per kind. */
class ChartsTest {

    private static final LocalDate MONDAY = LocalDate.of(2026, 11, 30);

    @Test
    void barsStackByKindToScaleWithTheTallestColumnReachingTheTop() {
        List<LocalDate> days = List.of(MONDAY, MONDAY.plusDays(1), MONDAY.plusDays(2));
        Map<LocalDate, Map<String, Long>> values = new TreeMap<>();
        values.put(MONDAY, new TreeMap<>(Map.of("Skill", 3L, "Tenant", 1L)));
        values.put(MONDAY.plusDays(2), new TreeMap<>(Map.of("Skill", 2L)));

        Charts.Chart chart = Charts.stacked("Events", days, values, 1);

        assertThat(chart.max()).isEqualTo(4);
        assertThat(chart.bars()).hasSize(3);
        Charts.Bar skillMonday = chart.bars().get(0);
        Charts.Bar tenantMonday = chart.bars().get(1);
        Charts.Bar skillWednesday = chart.bars().get(2);
        assertThat(skillMonday.height()).isEqualTo(3 * tenantMonday.height());
        assertThat(tenantMonday.y() + tenantMonday.height()).as("stacked on the first").isEqualTo(skillMonday.y());
        assertThat(skillWednesday.height()).isEqualTo(2 * tenantMonday.height());
        assertThat(skillWednesday.x()).isGreaterThan(skillMonday.x());
        assertThat(skillMonday.fill()).isEqualTo(skillWednesday.fill()).isNotEqualTo(tenantMonday.fill());
        assertThat(skillMonday.title()).isEqualTo("2026-11-30: 3 Skill");
        assertThat(chart.legend()).extracting(Charts.Series::name).containsExactly("Skill", "Tenant");
        assertThat(chart.labels()).extracting(Charts.Label::text).containsExactly("Nov 30", "Dec 1", "Dec 2");
    }

    @Test
    void anEmptyPeriodStillHasItsAxisAndNoBars() {
        Charts.Chart chart = Charts.stacked("Events", List.of(MONDAY, MONDAY.plusDays(1)), Map.of(), 7);
        assertThat(chart.bars()).isEmpty();
        assertThat(chart.max()).isEqualTo(1);
        assertThat(chart.labels()).extracting(Charts.Label::text).containsExactly("Nov 30");
    }

    @Test
    void aWeekIsNamedByItsMonday() {
        assertThat(Charts.monday(LocalDate.of(2026, 12, 6))).isEqualTo(MONDAY);
        assertThat(Charts.monday(MONDAY)).isEqualTo(MONDAY);
    }
}
