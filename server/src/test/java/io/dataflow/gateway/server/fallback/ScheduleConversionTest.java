package io.dataflow.gateway.server.fallback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.gateway.importer.model.Schedule;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.quartz.CalendarIntervalTrigger;
import org.quartz.CronTrigger;
import org.quartz.JobKey;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;
import org.quartz.TriggerUtils;
import org.quartz.spi.OperableTrigger;

/** Airflow schedules as Quartz triggers, checked with Quartz's own fire-time computations. */
class ScheduleConversionTest {

  private static final JobKey JOB = JobKey.jobKey("notify_finance", "ecommerce_daily");
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  @Test
  void aDailyRunWithLogicalDateDFiresAtTheEndOfItsIntervalDPlusOne() {
    QuartzSchedule daily = convert(new Schedule.Preset("@daily"), "2024-01-01T00:00:00Z", true);

    assertThat(fireTimes(daily, 3)).containsExactly(at("2024-01-02T00:00:00Z"), at("2024-01-03T00:00:00Z"), at("2024-01-04T00:00:00Z"));
    assertThat(daily.intervalFor(at("2024-01-02T00:00:00Z")))
        .isEqualTo(new DataInterval(at("2024-01-01T00:00:00Z"), at("2024-01-02T00:00:00Z")));
    assertThat(daily.intervalFor(at("2024-01-02T00:00:00Z")).logicalDate()).isEqualTo(at("2024-01-01T00:00:00Z"));
  }

  @Test
  void theFirstIntervalStartsAtTheFirstTickAtOrAfterTheStartDate() {
    QuartzSchedule daily = convert(new Schedule.Cron("0 0 * * *", ZoneOffset.UTC), "2024-01-01T10:00:00Z", true);

    assertThat(fireTimes(daily, 1)).containsExactly(at("2024-01-03T00:00:00Z"));
    assertThat(daily.intervalFor(at("2024-01-03T00:00:00Z")).logicalDate()).isEqualTo(at("2024-01-02T00:00:00Z"));
  }

  @Test
  void aCronIsEvaluatedInItsTimezone() {
    QuartzSchedule berlinMidnight = convert(new Schedule.Cron("0 0 * * *", BERLIN), "2024-01-01T00:00:00+01:00", true);

    assertThat(fireTimes(berlinMidnight, 2)).containsExactly(at("2024-01-01T23:00:00Z"), at("2024-01-02T23:00:00Z"));
    assertThat(berlinMidnight.intervalFor(at("2024-01-01T23:00:00Z")).logicalDate()).isEqualTo(at("2023-12-31T23:00:00Z"));
  }

  @Test
  void aCronWithATimezoneKeepsItsLocalTimeAcrossTheSpringDaylightSavingChange() {
    QuartzSchedule nineAm = convert(new Schedule.Cron("0 9 * * *", NEW_YORK), "2024-03-08T14:00:00Z", true);

    // 9:00 EST is 14:00 UTC until 10 March 2024, 9:00 EDT is 13:00 UTC after
    assertThat(fireTimes(nineAm, 3)).containsExactly(at("2024-03-09T14:00:00Z"), at("2024-03-10T13:00:00Z"), at("2024-03-11T13:00:00Z"));
    DataInterval shortDay = nineAm.intervalFor(at("2024-03-10T13:00:00Z"));
    assertThat(shortDay).isEqualTo(new DataInterval(at("2024-03-09T14:00:00Z"), at("2024-03-10T13:00:00Z")));
    assertThat(Duration.between(shortDay.start(), shortDay.end())).isEqualTo(Duration.ofHours(23));
  }

  @Test
  void aDailyPresetInBerlinHasA25HourIntervalOnTheAutumnChange() {
    QuartzSchedule daily = ScheduleConversion.convert(new FallbackSchedule("ecommerce_daily", new Schedule.Preset("@daily"), BERLIN,
        Optional.of(at("2024-10-25T22:00:00Z")), Optional.empty(), true));

    assertThat(fireTimes(daily, 3)).containsExactly(at("2024-10-26T22:00:00Z"), at("2024-10-27T23:00:00Z"), at("2024-10-28T23:00:00Z"));
    DataInterval longDay = daily.intervalFor(at("2024-10-27T23:00:00Z"));
    assertThat(Duration.between(longDay.start(), longDay.end())).isEqualTo(Duration.ofHours(25));
  }

  @Test
  void presetsFireAtTheEndOfTheirPeriods() {
    assertThat(fireTimes(convert(new Schedule.Preset("@hourly"), "2024-01-01T00:30:00Z", true), 2))
        .containsExactly(at("2024-01-01T02:00:00Z"), at("2024-01-01T03:00:00Z"));
    // 2024-01-01 is a Monday: the first week starts on Sunday 7 January and ends on the 14th
    assertThat(fireTimes(convert(new Schedule.Preset("@weekly"), "2024-01-01T00:00:00Z", true), 2))
        .containsExactly(at("2024-01-14T00:00:00Z"), at("2024-01-21T00:00:00Z"));
    assertThat(fireTimes(convert(new Schedule.Preset("@monthly"), "2024-01-15T00:00:00Z", true), 2))
        .containsExactly(at("2024-03-01T00:00:00Z"), at("2024-04-01T00:00:00Z"));
    assertThat(fireTimes(convert(new Schedule.Preset("@quarterly"), "2024-01-01T00:00:00Z", true), 3))
        .containsExactly(at("2024-04-01T00:00:00Z"), at("2024-07-01T00:00:00Z"), at("2024-10-01T00:00:00Z"));
    assertThat(fireTimes(convert(new Schedule.Preset("@yearly"), "2024-01-01T00:00:00Z", true), 2))
        .containsExactly(at("2025-01-01T00:00:00Z"), at("2026-01-01T00:00:00Z"));
    assertThat(fireTimes(convert(new Schedule.Preset("@annually"), "2024-01-01T00:00:00Z", true), 1))
        .containsExactly(at("2025-01-01T00:00:00Z"));
    QuartzSchedule quarterly = convert(new Schedule.Preset("@quarterly"), "2024-01-01T00:00:00Z", true);
    assertThat(quarterly.intervalFor(at("2024-07-01T00:00:00Z")))
        .isEqualTo(new DataInterval(at("2024-04-01T00:00:00Z"), at("2024-07-01T00:00:00Z")));
  }

  @Test
  void onceRunsASingleTimeAtItsStartDateWithAnEmptyInterval() {
    QuartzSchedule once = convert(new Schedule.Preset("@once"), "2024-05-01T12:00:00Z", false);

    List<Trigger> triggers = once.triggers(JOB);
    assertThat(triggers).singleElement().isInstanceOf(SimpleTrigger.class);
    assertThat(fireTimes(once, 5)).containsExactly(at("2024-05-01T12:00:00Z"));
    assertThat(triggers.getFirst().getMisfireInstruction()).isEqualTo(SimpleTrigger.MISFIRE_INSTRUCTION_FIRE_NOW);
    assertThat(once.intervalFor(at("2024-06-01T00:00:00Z")))
        .isEqualTo(new DataInterval(at("2024-05-01T12:00:00Z"), at("2024-05-01T12:00:00Z")));
  }

  @Test
  void aTimedeltaScheduleIsAnchoredAtTheStartDate() {
    QuartzSchedule everySixHours = convert(new Schedule.Timedelta(Duration.ofHours(6)), "2024-01-01T03:17:00Z", true);

    assertThat(everySixHours.triggers(JOB)).singleElement().isInstanceOf(CalendarIntervalTrigger.class);
    assertThat(fireTimes(everySixHours, 3)).containsExactly(at("2024-01-01T09:17:00Z"), at("2024-01-01T15:17:00Z"), at("2024-01-01T21:17:00Z"));
    assertThat(everySixHours.intervalFor(at("2024-01-01T15:17:00Z")))
        .isEqualTo(new DataInterval(at("2024-01-01T09:17:00Z"), at("2024-01-01T15:17:00Z")));
  }

  @Test
  void aTimedeltaOfADayIsAbsoluteTimeAcrossADaylightSavingChange() {
    QuartzSchedule daily = convert(new Schedule.Timedelta(Duration.ofDays(1)), "2024-03-09T14:00:00Z", true);

    assertThat(fireTimes(daily, 2)).containsExactly(at("2024-03-10T14:00:00Z"), at("2024-03-11T14:00:00Z"));
  }

  @Test
  void catchupOnRunsEveryMissedIntervalInOrder() {
    QuartzSchedule daily = convert(new Schedule.Preset("@daily"), "2024-01-01T00:00:00Z", true);
    QuartzSchedule hourly = convert(new Schedule.Timedelta(Duration.ofHours(1)), "2024-01-01T00:00:00Z", true);

    OperableTrigger cron = (OperableTrigger) daily.triggers(JOB).getFirst();
    OperableTrigger interval = (OperableTrigger) hourly.triggers(JOB).getFirst();
    assertThat(cron.getMisfireInstruction()).isEqualTo(Trigger.MISFIRE_INSTRUCTION_IGNORE_MISFIRE_POLICY);
    assertThat(interval.getMisfireInstruction()).isEqualTo(Trigger.MISFIRE_INSTRUCTION_IGNORE_MISFIRE_POLICY);

    // Long after the start, Quartz handles the misfire: the first missed firing is still next.
    cron.computeFirstFireTime(null);
    cron.updateAfterMisfire(null);
    assertThat(cron.getNextFireTime()).isEqualTo(Date.from(at("2024-01-02T00:00:00Z")));
    cron.triggered(null);
    assertThat(cron.getNextFireTime()).isEqualTo(Date.from(at("2024-01-03T00:00:00Z")));
  }

  @Test
  void catchupOffRunsTheLatestEndedIntervalOnceThenStaysOnSchedule() {
    QuartzSchedule daily = convert(new Schedule.Preset("@daily"), "2024-01-01T00:00:00Z", false);
    QuartzSchedule everySixHours = convert(new Schedule.Timedelta(Duration.ofHours(6)), "2024-01-01T03:17:00Z", false);

    OperableTrigger cron = (OperableTrigger) daily.triggers(JOB).getFirst();
    assertThat(cron.getMisfireInstruction()).isEqualTo(CronTrigger.MISFIRE_INSTRUCTION_FIRE_ONCE_NOW);
    cron.computeFirstFireTime(null);
    Instant before = Instant.now();
    cron.updateAfterMisfire(null);
    Instant firedAt = cron.getNextFireTime().toInstant();
    assertThat(firedAt).isBetween(before.minusSeconds(1), Instant.now().plusSeconds(1));
    Instant todayMidnight = firedAt.atOffset(ZoneOffset.UTC).toLocalDate().atStartOfDay().toInstant(ZoneOffset.UTC);
    assertThat(daily.intervalFor(firedAt)).isEqualTo(new DataInterval(todayMidnight.minus(Duration.ofDays(1)), todayMidnight));
    cron.triggered(null);
    assertThat(cron.getNextFireTime().toInstant()).isEqualTo(todayMidnight.plus(Duration.ofDays(1)));

    OperableTrigger interval = (OperableTrigger) everySixHours.triggers(JOB).getFirst();
    assertThat(interval.getMisfireInstruction()).isEqualTo(CalendarIntervalTrigger.MISFIRE_INSTRUCTION_FIRE_ONCE_NOW);
    interval.computeFirstFireTime(null);
    interval.updateAfterMisfire(null);
    Instant late = interval.getNextFireTime().toInstant();
    DataInterval latest = everySixHours.intervalFor(late);
    assertThat(late).isAfterOrEqualTo(latest.end()).isBefore(latest.end().plus(Duration.ofHours(6)));
    assertThat(Duration.between(at("2024-01-01T03:17:00Z"), latest.end()).toHours() % 6).isZero();
    interval.triggered(null);
    // the next firing is back on the grid anchored at the start date, not six hours after the late one
    assertThat(interval.getNextFireTime().toInstant()).isEqualTo(latest.end().plus(Duration.ofHours(6)));
  }

  @Test
  void theEndDateAllowsTheRunWhoseIntervalStartsOnIt() {
    QuartzSchedule daily = ScheduleConversion.convert(new FallbackSchedule("ecommerce_daily", new Schedule.Preset("@daily"),
        ZoneOffset.UTC, Optional.of(at("2024-01-01T00:00:00Z")), Optional.of(at("2024-01-03T00:00:00Z")), true));
    QuartzSchedule hourly = ScheduleConversion.convert(new FallbackSchedule("ecommerce_daily", new Schedule.Timedelta(Duration.ofHours(1)),
        ZoneOffset.UTC, Optional.of(at("2024-01-01T00:00:00Z")), Optional.of(at("2024-01-01T02:30:00Z")), true));

    assertThat(fireTimes(daily, 10)).containsExactly(at("2024-01-02T00:00:00Z"), at("2024-01-03T00:00:00Z"), at("2024-01-04T00:00:00Z"));
    assertThat(fireTimes(hourly, 10)).containsExactly(at("2024-01-01T01:00:00Z"), at("2024-01-01T02:00:00Z"), at("2024-01-01T03:00:00Z"));
  }

  @Test
  void weekdaysKeepTheirNamesThoughQuartzNumbersThemFromSunday() {
    QuartzSchedule weekdays = convert(new Schedule.Cron("0 6 * * 1-5", ZoneOffset.UTC), "2024-01-01T00:00:00Z", true);

    TreeSet<DayOfWeek> days = new TreeSet<>();
    fireTimes(weekdays, 20).forEach(fire -> days.add(fire.atOffset(ZoneOffset.UTC).getDayOfWeek()));
    assertThat(days).containsExactly(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY);
    // the run fired on Monday covers Friday 06:00 to Monday 06:00
    assertThat(weekdays.intervalFor(at("2024-01-08T06:00:00Z")))
        .isEqualTo(new DataInterval(at("2024-01-05T06:00:00Z"), at("2024-01-08T06:00:00Z")));
  }

  @Test
  void aCronRestrictingBothDayFieldsFiresOnDaysMatchingEither() {
    // "on the 13th, and on Fridays": September 2024 has Fridays 6, 13, 20, 27
    QuartzSchedule schedule = convert(new Schedule.Cron("0 0 13 * 5", ZoneOffset.UTC), "2024-09-01T00:00:00Z", true);

    assertThat(schedule.triggers(JOB)).hasSize(2);
    assertThat(fireTimes(schedule, 5)).containsExactly(
        at("2024-09-13T00:00:00Z"), at("2024-09-20T00:00:00Z"), at("2024-09-27T00:00:00Z"), at("2024-10-04T00:00:00Z"),
        at("2024-10-11T00:00:00Z"));
    assertThat(schedule.intervalFor(at("2024-10-13T00:00:00Z")))
        .isEqualTo(new DataInterval(at("2024-10-11T00:00:00Z"), at("2024-10-13T00:00:00Z")));
  }

  @Test
  void schedulesQuartzCannotReproduceAreRefusedNamingTheDagAndWhy() {
    assertRefused(new Schedule.DatasetTriggered("all(s3://lake/transactions)"), "runs when datasets are updated (all(s3://lake/transactions))");
    assertRefused(new Schedule.Timetable("After each workday"), "custom timetable (After each workday)");
    assertRefused(new Schedule.None(), "no schedule");
    assertRefused(new Schedule.Preset("@continuous"), "@continuous");
    assertRefused(new Schedule.Timedelta(Duration.ofMillis(1500)), "not a whole number of seconds");
    assertRefused(new Schedule.Cron("0 0 * * * *", ZoneOffset.UTC), "expected 5 fields");
    assertRefused(new Schedule.Cron("0 25 * * *", ZoneOffset.UTC), "hour value 25 is outside 0..23");
    assertThatThrownBy(() -> ScheduleConversion.convert(new FallbackSchedule("ecommerce_daily", new Schedule.Preset("@daily"),
        ZoneOffset.UTC, Optional.empty(), Optional.empty(), true)))
        .isInstanceOf(UnsupportedScheduleException.class)
        .hasMessage("Cannot schedule DAG 'ecommerce_daily' in the fallback: it has no start date, and Airflow does not schedule a DAG without one");
  }

  private static void assertRefused(Schedule schedule, String reason) {
    assertThatThrownBy(() -> convert(schedule, "2024-01-01T00:00:00Z", true))
        .isInstanceOf(UnsupportedScheduleException.class)
        .hasMessageStartingWith("Cannot schedule DAG 'ecommerce_daily' in the fallback: ")
        .hasMessageContaining(reason)
        .satisfies(e -> assertThat(((UnsupportedScheduleException) e).dagId()).isEqualTo("ecommerce_daily"));
  }

  static QuartzSchedule convert(Schedule schedule, String start, boolean catchup) {
    return ScheduleConversion.convert(new FallbackSchedule(
        "ecommerce_daily", schedule, ZoneOffset.UTC, Optional.of(Instant.parse(start)), Optional.empty(), catchup));
  }

  /** The first {@code count} firings of all of a schedule's triggers together, by Quartz's computation. */
  static List<Instant> fireTimes(QuartzSchedule schedule, int count) {
    TreeSet<Instant> times = new TreeSet<>();
    for (Trigger trigger : schedule.triggers(JOB)) {
      TriggerUtils.computeFireTimes((OperableTrigger) trigger, null, count).forEach(date -> times.add(date.toInstant()));
    }
    return times.stream().limit(count).toList();
  }

  private static Instant at(String text) {
    return java.time.OffsetDateTime.parse(text).toInstant();
  }
}
