package io.dataflow.gateway.server.fallback;

import io.dataflow.gateway.importer.model.Schedule;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;

/**
 * Converts an Airflow schedule into Quartz triggers that start each run when Airflow would have: at
 * the end of its data interval. A {@code @daily} DAG's run with logical date D fires at D+1 00:00 in
 * the DAG's timezone, and the job is told D and the interval [D, D+1).
 *
 * <h2>Catchup and misfires</h2>
 * A firing is missed when no gateway instance was running at its time (longer ago than Quartz's misfire
 * threshold). The DAG's catchup setting decides what happens then:
 * <ul>
 *   <li>catchup on: every missed firing runs, oldest first, each with its own scheduled time and hence
 *       its own data interval ({@code MISFIRE_INSTRUCTION_IGNORE_MISFIRE_POLICY}). A start date in the
 *       past back-fills every interval since it, as Airflow does.</li>
 *   <li>catchup off: one firing runs at once and covers the latest interval that has ended; the missed
 *       older ones are skipped and later firings stay on the schedule ("fire once now",
 *       {@code MISFIRE_INSTRUCTION_FIRE_ONCE_NOW}). This is Airflow's behaviour, which runs the latest
 *       interval rather than waiting for the next one ("do nothing" would wait).</li>
 *   <li>{@code @once}: runs once, immediately if its time has passed.</li>
 * </ul>
 *
 * <h2>What is refused</h2>
 * Dataset- or asset-triggered DAGs, custom timetables, {@code @continuous}, DAGs without a schedule
 * and DAGs without a start date: each with an {@link UnsupportedScheduleException} naming the DAG and why.
 */
public final class ScheduleConversion {

  /** Airflow's presets and the crons they stand for. */
  static final Map<String, String> PRESETS = Map.of(
      "@hourly", "0 * * * *",
      "@daily", "0 0 * * *",
      "@weekly", "0 0 * * 0",
      "@monthly", "0 0 1 * *",
      "@quarterly", "0 0 1 */3 *",
      "@yearly", "0 0 1 1 *",
      "@annually", "0 0 1 1 *");

  private ScheduleConversion() {}

  /**
   * The Quartz form of a DAG's schedule.
   *
   * @throws UnsupportedScheduleException if Quartz cannot reproduce the schedule faithfully
   */
  public static QuartzSchedule convert(FallbackSchedule schedule) {
    String dagId = schedule.dagId();
    Schedule airflow = schedule.schedule();
    switch (airflow) {
      case Schedule.DatasetTriggered triggered -> throw new UnsupportedScheduleException(dagId,
          "it runs when datasets are updated (" + triggered.condition() + "), not on a clock;"
              + " keep it in Airflow or translate its tasks into the dataflow");
      case Schedule.Timetable timetable -> throw new UnsupportedScheduleException(dagId,
          "it uses a custom timetable (" + timetable.description() + ") that only Airflow can evaluate; keep it in Airflow");
      case Schedule.None none -> throw new UnsupportedScheduleException(dagId,
          "it has no schedule (schedule=None) and runs only when triggered, so there is nothing to run on a clock");
      default -> { }
    }
    Instant start = schedule.startDate().orElseThrow(() -> new UnsupportedScheduleException(dagId,
        "it has no start date, and Airflow does not schedule a DAG without one"));
    return switch (airflow) {
      case Schedule.Cron cron -> convertCron(dagId, cron.expression(), cron.timezone(), schedule, start);
      case Schedule.Preset preset when preset.name().equals("@once") -> new OnceAtStart(start);
      case Schedule.Preset preset when preset.name().equals("@continuous") -> throw new UnsupportedScheduleException(dagId,
          "@continuous starts a new run as soon as the previous one ends, which is not a clock schedule");
      case Schedule.Preset preset -> convertCron(dagId, PRESETS.get(preset.name()), schedule.presetZone(), schedule, start);
      case Schedule.Timedelta delta -> new FixedInterval(dagId, delta.every(), start, schedule.endDate(), schedule.catchup());
      default -> throw new IllegalStateException("Unhandled schedule " + airflow + " of DAG '" + dagId + "'");
    };
  }

  private static QuartzSchedule convertCron(String dagId, String cron, ZoneId zone, FallbackSchedule schedule, Instant start) {
    try {
      return new CronTicks(dagId, cron, zone, start, schedule.endDate(), schedule.catchup());
    } catch (UnsupportedScheduleException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new UnsupportedScheduleException(dagId, e.getMessage());
    }
  }
}
