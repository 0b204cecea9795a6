package io.dataflow.gateway.server.fallback;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronExpression;
import org.quartz.JobKey;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;

/**
 * A cron schedule (or a preset, which is a named cron): data intervals run from one tick to the next,
 * and each run fires at the tick that closes its interval.
 */
final class CronTicks implements QuartzSchedule {

  private static final Duration LONGEST_SEARCH = Duration.ofDays(4 * 366);

  private final String dagId;
  private final List<String> expressions;
  private final ZoneId zone;
  private final Instant firstIntervalStart;
  private final Optional<Instant> lastFireTime;
  private final boolean catchup;

  CronTicks(String dagId, String cron, ZoneId zone, Instant startDate, Optional<Instant> endDate, boolean catchup) {
    this.dagId = dagId;
    this.expressions = AirflowCron.toQuartz(cron);
    this.zone = zone;
    this.catchup = catchup;
    // Airflow's first interval starts at the first tick at or after the start date.
    this.firstIntervalStart = next(startDate.minusMillis(1))
        .orElseThrow(() -> new UnsupportedScheduleException(dagId, "cron '" + cron + "' never fires after the start date " + startDate));
    // The last run is the one whose interval starts at or before the end date; it fires one tick later.
    this.lastFireTime = endDate.map(end -> next(end).orElse(end));
  }

  @Override
  public List<Trigger> triggers(JobKey job) {
    List<Trigger> triggers = new ArrayList<>();
    for (int i = 0; i < expressions.size(); i++) {
      CronScheduleBuilder schedule = CronScheduleBuilder.cronSchedule(expressions.get(i)).inTimeZone(TimeZone.getTimeZone(zone));
      // catchup on: every missed tick fires, in order, with its own scheduled time (so its own interval);
      // catchup off: one firing now, which runs the latest interval that has ended.
      schedule = catchup
          ? schedule.withMisfireHandlingInstructionIgnoreMisfires()
          : schedule.withMisfireHandlingInstructionFireAndProceed();
      TriggerBuilder<org.quartz.CronTrigger> trigger = TriggerBuilder.newTrigger()
          .withIdentity(job.getName() + "#" + i, job.getGroup())
          .forJob(job)
          // Quartz fires at the first tick after (startAt - 1 s): so the first firing closes the first interval.
          .startAt(Date.from(firstIntervalStart.plusSeconds(1)))
          .withSchedule(schedule);
      lastFireTime.ifPresent(end -> trigger.endAt(Date.from(end)));
      triggers.add(trigger.build());
    }
    return List.copyOf(triggers);
  }

  @Override
  public DataInterval intervalFor(Instant fireTime) {
    Instant end = latestBefore(fireTime.plusMillis(1))
        .filter(tick -> tick.isAfter(firstIntervalStart))
        .orElseThrow(() -> new IllegalArgumentException("No interval of DAG '" + dagId + "' has ended by "
            + fireTime + ": the first one ends after " + firstIntervalStart));
    Instant start = latestBefore(end).orElseThrow();
    return new DataInterval(start, end);
  }

  /** The first tick strictly after {@code instant}, over every expression. */
  private Optional<Instant> next(Instant instant) {
    Optional<Instant> earliest = Optional.empty();
    for (String expression : expressions) {
      Date after = parse(expression).getTimeAfter(Date.from(instant));
      if (after != null && (earliest.isEmpty() || after.toInstant().isBefore(earliest.get()))) {
        earliest = Optional.of(after.toInstant());
      }
    }
    return earliest;
  }

  /**
   * The latest tick strictly before {@code instant}. Quartz only computes forwards, so this looks for a
   * tick in ever wider windows before the instant and walks forward from the first one found.
   */
  private Optional<Instant> latestBefore(Instant instant) {
    for (Duration window = Duration.ofMinutes(1); window.compareTo(LONGEST_SEARCH) <= 0; window = window.multipliedBy(4)) {
      Optional<Instant> tick = next(instant.minus(window));
      if (tick.isEmpty() || !tick.get().isBefore(instant)) {
        continue;
      }
      Instant latest = tick.get();
      for (Optional<Instant> following = next(latest); following.isPresent() && following.get().isBefore(instant);
          following = next(latest)) {
        latest = following.get();
      }
      return Optional.of(latest);
    }
    return Optional.empty();
  }

  private CronExpression parse(String expression) {
    try {
      CronExpression parsed = new CronExpression(expression);
      parsed.setTimeZone(TimeZone.getTimeZone(zone));
      return parsed;
    } catch (ParseException e) {
      throw new IllegalStateException("The translated cron '" + expression + "' of DAG '" + dagId + "' is invalid", e);
    }
  }
}
