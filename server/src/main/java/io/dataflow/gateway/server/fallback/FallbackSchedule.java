package io.dataflow.gateway.server.fallback;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.importer.model.LegacyDag;
import io.dataflow.gateway.importer.model.Schedule;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * A DAG's schedule with everything Airflow uses to place its runs in time.
 *
 * @param dagId the DAG, named in every error about the schedule
 * @param schedule the Airflow schedule
 * @param presetZone the timezone presets such as {@code @daily} are evaluated in; the importer's
 *     model keeps a timezone only on cron schedules, so it is given here (UTC by default, as in Airflow)
 * @param startDate the DAG's start date; the first data interval starts at or after it
 * @param endDate the DAG's end date: no interval starting after it is run
 * @param catchup whether intervals missed while nothing ran are all run (Airflow's catchup)
 */
public record FallbackSchedule(
    String dagId,
    Schedule schedule,
    ZoneId presetZone,
    Optional<Instant> startDate,
    Optional<Instant> endDate,
    boolean catchup) {

  public FallbackSchedule {
    requireNonNull(dagId, "dagId is null");
    requireNonNull(schedule, "schedule is null");
    requireNonNull(presetZone, "presetZone is null");
    requireNonNull(startDate, "startDate is null");
    requireNonNull(endDate, "endDate is null");
    if (dagId.isBlank()) {
      throw new IllegalArgumentException("Invalid fallback schedule: the DAG id is blank");
    }
    if (startDate.isPresent() && endDate.isPresent() && endDate.get().isBefore(startDate.get())) {
      throw new IllegalArgumentException("Invalid schedule of DAG '" + dagId + "': end date " + endDate.get()
          + " is before start date " + startDate.get());
    }
  }

  /** The schedule of an imported DAG, with presets evaluated in UTC. */
  public static FallbackSchedule of(LegacyDag dag) {
    return of(dag, ZoneOffset.UTC);
  }

  /** The schedule of an imported DAG, with presets evaluated in {@code presetZone}. */
  public static FallbackSchedule of(LegacyDag dag, ZoneId presetZone) {
    return new FallbackSchedule(dag.dagId(), dag.schedule(), presetZone, dag.startDate(), dag.endDate(), dag.catchup());
  }

  /**
   * This schedule for a gateway that takes the DAG over from Airflow at {@code from}: the intervals that
   * ended before it were Airflow's to run, so the first run is of the interval under way at
   * {@code from} (catchup then only concerns intervals missed after the take-over). Unchanged when no
   * interval has ended by then.
   */
  public FallbackSchedule takenOverAt(Instant from) {
    requireNonNull(from, "from is null");
    if (startDate.isEmpty() || !startDate.get().isBefore(from)) {
      return this;
    }
    DataInterval lastEnded;
    try {
      lastEnded = ScheduleConversion.convert(this).intervalFor(from);
    } catch (IllegalArgumentException e) {
      return this;
    }
    if (!lastEnded.end().isAfter(startDate.get())) {
      return this;
    }
    return new FallbackSchedule(dagId, schedule, presetZone, Optional.of(lastEnded.end()), endDate, catchup);
  }
}
