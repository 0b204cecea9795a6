package io.dataflow.gateway.server.fallback;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.quartz.CalendarIntervalScheduleBuilder;
import org.quartz.CalendarIntervalTrigger;
import org.quartz.JobKey;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;

/**
 * A {@code timedelta} schedule: intervals of a fixed length laid end to end from the start date, in
 * absolute time (Airflow adds the delta in UTC, so a daylight-saving change does not move them).
 *
 * <p>A calendar-interval trigger in seconds rather than a simple trigger: its misfire handling
 * "fire now" keeps later firings on the grid anchored at the start date, where a simple trigger would
 * re-anchor the whole schedule at the moment of the late firing.
 */
final class FixedInterval implements QuartzSchedule {

  private final String dagId;
  private final Duration every;
  private final Instant anchor;
  private final Optional<Instant> lastFireTime;
  private final boolean catchup;

  FixedInterval(String dagId, Duration every, Instant startDate, Optional<Instant> endDate, boolean catchup) {
    if (every.toNanos() % 1_000_000_000L != 0) {
      throw new UnsupportedScheduleException(dagId, "its timedelta " + every + " is not a whole number of seconds,"
          + " the finest interval Quartz can repeat on a fixed grid");
    }
    if (every.getSeconds() > Integer.MAX_VALUE) {
      throw new UnsupportedScheduleException(dagId, "its timedelta " + every + " is longer than Quartz can repeat");
    }
    this.dagId = dagId;
    this.every = every;
    this.anchor = startDate;
    this.lastFireTime = endDate.map(end -> end.plus(every));
    this.catchup = catchup;
  }

  @Override
  public List<Trigger> triggers(JobKey job) {
    CalendarIntervalScheduleBuilder schedule = CalendarIntervalScheduleBuilder.calendarIntervalSchedule()
        .withIntervalInSeconds((int) every.getSeconds());
    schedule = catchup
        ? schedule.withMisfireHandlingInstructionIgnoreMisfires()
        : schedule.withMisfireHandlingInstructionFireAndProceed();
    TriggerBuilder<CalendarIntervalTrigger> trigger = TriggerBuilder.newTrigger()
        .withIdentity(job.getName() + "#0", job.getGroup())
        .forJob(job)
        .startAt(Date.from(anchor.plus(every)))
        .withSchedule(schedule);
    lastFireTime.ifPresent(end -> trigger.endAt(Date.from(end)));
    return List.of(trigger.build());
  }

  @Override
  public DataInterval intervalFor(Instant fireTime) {
    long elapsed = Duration.between(anchor, fireTime).toMillis();
    long intervals = Math.floorDiv(elapsed, every.toMillis());
    if (intervals < 1) {
      throw new IllegalArgumentException("No interval of DAG '" + dagId + "' has ended by " + fireTime
          + ": the first one ends at " + anchor.plus(every));
    }
    Instant end = anchor.plus(every.multipliedBy(intervals));
    return new DataInterval(end.minus(every), end);
  }
}
