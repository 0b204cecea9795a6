package io.dataflow.gateway.server.fallback;

import java.time.Instant;
import java.util.List;
import org.quartz.JobKey;
import org.quartz.Trigger;

/**
 * An Airflow schedule in Quartz's terms: the triggers that fire at the end of each data interval, and
 * the way back from a fire time to the interval it closes. Made by {@link ScheduleConversion}.
 */
public sealed interface QuartzSchedule permits CronTicks, FixedInterval, OnceAtStart {

  /** The triggers of {@code job}; their union fires when Airflow would start each run. */
  List<Trigger> triggers(JobKey job);

  /**
   * The data interval a firing at {@code fireTime} runs. A firing on time closes the interval that
   * ends at it; a late firing (a misfire handled by firing now) runs the latest interval that has
   * ended by then, which is what Airflow runs when catchup is off.
   *
   * @throws IllegalArgumentException if no interval has ended by {@code fireTime}
   */
  DataInterval intervalFor(Instant fireTime);
}
