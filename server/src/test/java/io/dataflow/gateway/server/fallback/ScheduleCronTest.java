package io.dataflow.gateway.server.fallback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Airflow's five-field cron in Quartz's dialect. */
class ScheduleCronTest {

  @Test
  void anUnrestrictedDayOfWeekBecomesTheQuestionMarkQuartzRequires() {
    assertThat(AirflowCron.toQuartz("0 0 * * *")).containsExactly("0 0 0 * * ?");
    assertThat(AirflowCron.toQuartz("30 2 1 * *")).containsExactly("0 30 2 1 * ?");
  }

  @Test
  void daysOfTheWeekAreRenumberedFromSundayIsOne() {
    assertThat(AirflowCron.toQuartz("0 6 * * 1-5")).containsExactly("0 0 6 ? * 2-6");
    assertThat(AirflowCron.toQuartz("0 6 * * 0")).containsExactly("0 0 6 ? * 1");
    assertThat(AirflowCron.toQuartz("0 6 * * 7")).containsExactly("0 0 6 ? * 1");
    assertThat(AirflowCron.toQuartz("0 6 * * 5-7")).containsExactly("0 0 6 ? * 1,6-7");
    assertThat(AirflowCron.toQuartz("0 6 * * sat,SUN")).containsExactly("0 0 6 ? * 1,7");
    assertThat(AirflowCron.toQuartz("0 6 * * 0-6")).containsExactly("0 0 6 * * ?");
  }

  @Test
  void restrictingBothDayFieldsMeansEitherAndTakesTwoExpressions() {
    assertThat(AirflowCron.toQuartz("0 0 13 * 5")).containsExactly("0 0 0 13 * ?", "0 0 0 ? * 6");
  }

  @Test
  void stepsRangesListsAndNamesAreKeptExactly() {
    assertThat(AirflowCron.toQuartz("*/15 * * * *")).containsExactly("0 0/15 * * * ?");
    assertThat(AirflowCron.toQuartz("5/20 8-18/2 * jan-mar,dec *")).containsExactly("0 5/20 8,10,12,14,16,18 * 1-3,12 ?");
    assertThat(AirflowCron.toQuartz("0 0 1 */3 *")).containsExactly("0 0 0 1 1/3 ?");
    assertThat(AirflowCron.toQuartz("0 0 * * */2")).containsExactly("0 0 0 ? * 1/2");
  }

  @Test
  void theLastDayOfTheMonthAndTheNthWeekdayHaveQuartzForms() {
    assertThat(AirflowCron.toQuartz("0 0 L * *")).containsExactly("0 0 0 L * ?");
    assertThat(AirflowCron.toQuartz("0 0 * * 5#3")).containsExactly("0 0 0 ? * 6#3");
  }

  @Test
  void unreadableFieldsAreNamed() {
    assertThatThrownBy(() -> AirflowCron.toQuartz("0 0 32 * *"))
        .hasMessage("Invalid cron '0 0 32 * *': day-of-month value 32 is outside 1..31");
    assertThatThrownBy(() -> AirflowCron.toQuartz("0 0 * * mon-"))
        .hasMessageStartingWith("Invalid cron '0 0 * * mon-': cannot read '' in the day-of-week field");
    assertThatThrownBy(() -> AirflowCron.toQuartz("10-5 * * * *"))
        .hasMessage("Invalid cron '10-5 * * * *': the minute range '10-5' ends before it starts");
    assertThatThrownBy(() -> AirflowCron.toQuartz("0 0 * *"))
        .hasMessage("Invalid cron '0 0 * *': expected 5 fields (minute hour day-of-month month day-of-week), found 4");
  }
}
