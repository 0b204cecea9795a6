package io.dataflow.gateway.server.fallback;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.quartz.JobKey;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;

/**
 * {@code @once}: a single run whose logical date and empty data interval are the start date. If the
 * start date has passed, it runs as soon as the scheduler sees it, whatever catchup says, as in Airflow.
 */
final class OnceAtStart implements QuartzSchedule {

  private final Instant startDate;

  OnceAtStart(Instant startDate) {
    this.startDate = startDate;
  }

  @Override
  public List<Trigger> triggers(JobKey job) {
    return List.of(TriggerBuilder.newTrigger()
        .withIdentity(job.getName() + "#0", job.getGroup())
        .forJob(job)
        .startAt(Date.from(startDate))
        .withSchedule(SimpleScheduleBuilder.simpleSchedule().withRepeatCount(0).withMisfireHandlingInstructionFireNow())
        .build());
  }

  @Override
  public DataInterval intervalFor(Instant fireTime) {
    return new DataInterval(startDate, startDate);
  }
}
