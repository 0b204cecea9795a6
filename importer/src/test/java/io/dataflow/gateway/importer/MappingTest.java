package io.dataflow.gateway.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.gateway.importer.client.generated.v2.model.DAGDetailsResponse;
import io.dataflow.gateway.importer.model.Schedule;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MappingTest {

    private static final ZoneId UTC = ZoneId.of("UTC");

    private static Schedule v2(String summary, String description) {
        return V2Mapper.schedule(new DAGDetailsResponse().timetableSummary(summary).timetableDescription(description), UTC);
    }

    @Test
    void airflow3TimetableSummariesMapToTypedSchedules() {
        assertThat(v2("@daily", "At 00:00")).isEqualTo(new Schedule.Preset("@daily"));
        assertThat(v2("*/15 6-18 * * 1-5", "Every 15 minutes")).isEqualTo(new Schedule.Cron("*/15 6-18 * * 1-5", UTC));
        assertThat(v2("1 day, 0:00:00", "")).isEqualTo(new Schedule.Timedelta(Duration.ofDays(1)));
        assertThat(v2("0:30:00", "")).isEqualTo(new Schedule.Timedelta(Duration.ofMinutes(30)));
        assertThat(v2(null, "Never, external triggers only")).isEqualTo(new Schedule.None());
        assertThat(v2("None", "Never, external triggers only")).isEqualTo(new Schedule.None());
        assertThat(v2("WorkdayTimetable", "Every workday at 06:00")).isEqualTo(new Schedule.Timetable("Every workday at 06:00"));
    }

    @Test
    void datasetConditionsOfBothGenerationsReadTheSame() {
        Object v1 = Map.of("any", List.of("s3://a", Map.of("all", List.of("s3://b", "s3://c"))));
        Object v2 = Map.of("any", List.of(Map.of("asset", Map.of("uri", "s3://a", "name", "a")),
                Map.of("all", List.of(Map.of("asset", Map.of("uri", "s3://b")), Map.of("asset", Map.of("uri", "s3://c"))))));
        assertThat(Mapping.condition(v1, "dataset_expression")).isEqualTo("any(s3://a, all(s3://b, s3://c))");
        assertThat(Mapping.condition(v2, "asset_expression")).isEqualTo("any(s3://a, all(s3://b, s3://c))");
    }

    @Test
    void pendulumTimezonesOfAirflow2AreRead() {
        assertThat(Mapping.timezone("Timezone('Europe/Paris')", "timezone")).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThatThrownBy(() -> Mapping.timezone("Mars/Olympus", "timezone"))
                .isInstanceOf(MappingException.class).hasMessage("timezone: unknown timezone 'Mars/Olympus'");
    }

    @Test
    void fractionalRetriesAreRefusedNamingTheField() {
        assertThatThrownBy(() -> Mapping.wholeNumber(new java.math.BigDecimal("1.5"), "tasks[x].retries"))
                .hasMessage("tasks[x].retries: expected a whole number, got 1.5");
        assertThat(Mapping.wholeNumber(new java.math.BigDecimal("2.0"), "tasks[x].retries")).isEqualTo(2);
    }
}
