package io.dataflow.gateway.server.dataflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.gateway.catalog.events.PartitionFieldValue;
import io.dataflow.gateway.planner.model.Granularity;
import io.dataflow.gateway.planner.model.PartitionKey;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventAdapterTest {

  private static PartitionFieldValue identity(String column, LocalDate value) {
    return new PartitionFieldValue(column, column, "identity", "date", Optional.of(value), value.toString());
  }

  @Test
  void aCommitToTheFirstDayOfAMonthOfAMonthTableChangesThatMonth() {
    assertThat(EventAdapter.keys(identity("month", LocalDate.parse("2024-01-01")), Granularity.MONTH))
        .hasValueSatisfying(keys -> assertThat(keys).containsExactly(PartitionKey.month("2024-01")));
    assertThat(EventAdapter.keys(identity("year", LocalDate.parse("2024-01-01")), Granularity.YEAR))
        .hasValueSatisfying(keys -> assertThat(keys).extracting(PartitionKey::value).containsExactly("2024"));
    assertThat(EventAdapter.keys(identity("week", LocalDate.parse("2024-01-29")), Granularity.WEEK))
        .hasValueSatisfying(keys -> assertThat(keys).extracting(PartitionKey::value).containsExactly("2024-W05"));
  }

  @Test
  void aDayOfADayTableIsThatDay() {
    assertThat(EventAdapter.keys(identity("day", LocalDate.parse("2024-01-10")), Granularity.DAY))
        .hasValueSatisfying(keys -> assertThat(keys).containsExactly(PartitionKey.day("2024-01-10")));
  }

  @Test
  void aMonthOfIcebergsMonthTransformIsEveryDayOrWeekItOverlaps() {
    PartitionFieldValue february = new PartitionFieldValue("day_month", "day", "month", "int",
        Optional.of(YearMonth.parse("2024-02")), "2024-02");
    assertThat(EventAdapter.keys(february, Granularity.DAY)).hasValueSatisfying(keys -> assertThat(keys).hasSize(29)
        .startsWith(PartitionKey.day("2024-02-01")).endsWith(PartitionKey.day("2024-02-29")));
    // Thursday 2024-02-01 is in week 5, Thursday 2024-02-29 in week 9
    assertThat(EventAdapter.keys(february, Granularity.WEEK)).hasValueSatisfying(keys -> assertThat(keys)
        .extracting(PartitionKey::value).containsExactly("2024-W05", "2024-W06", "2024-W07", "2024-W08", "2024-W09"));
    assertThat(EventAdapter.keys(february, Granularity.MONTH))
        .hasValueSatisfying(keys -> assertThat(keys).containsExactly(PartitionKey.month("2024-02")));
  }

  @Test
  void aValueThatIsNoDateIsNotReadAsAPartition() {
    PartitionFieldValue bucket = new PartitionFieldValue("id_bucket", "month", "bucket[4]", "int", Optional.of(3), "3");
    PartitionFieldValue nothing = new PartitionFieldValue("month", "month", "identity", "date", Optional.empty(), "null");
    assertThat(EventAdapter.keys(bucket, Granularity.MONTH)).isEmpty();
    assertThat(EventAdapter.keys(nothing, Granularity.MONTH)).isEmpty();
  }
}
