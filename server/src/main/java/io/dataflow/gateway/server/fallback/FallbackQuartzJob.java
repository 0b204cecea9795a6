package io.dataflow.gateway.server.fallback;

import java.time.Instant;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.InterruptableJob;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Quartz job behind every fallback job: reads the {@link FallbackJob} from the job data and hands
 * the firing to {@link FallbackExecution}. Runs of one job never overlap, across the whole cluster, so
 * that caught-up intervals run one after another as in a DAG with {@code max_active_runs=1}.
 */
@DisallowConcurrentExecution
final class FallbackQuartzJob implements InterruptableJob {

  static final String JOB_DATA_KEY = "fallbackJob";
  private static final Logger LOG = LoggerFactory.getLogger(FallbackQuartzJob.class);

  private final FallbackExecution execution;
  private final JobCodec codec;
  private volatile Thread worker;

  FallbackQuartzJob(FallbackExecution execution, JobCodec codec) {
    this.execution = execution;
    this.codec = codec;
  }

  @Override
  public void execute(JobExecutionContext context) {
    worker = Thread.currentThread();
    try {
      FallbackJob job = codec.read(context.getJobDetail().getJobDataMap().getString(JOB_DATA_KEY));
      String instanceId = context.getScheduler().getSchedulerInstanceId();
      if (context.isRecovering()) {
        // Quartz fires a run whose instance died again, under a one-shot trigger of its own: the
        // firing it repeats is the one the job data names
        String original = context.getMergedJobDataMap().getString(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_SCHEDULED_FIRETIME_IN_MILLISECONDS);
        execution.recover(job, Instant.ofEpochMilli(Long.parseLong(original)), instanceId);
      } else {
        execution.fire(job, context.getScheduledFireTime().toInstant(), instanceId);
      }
    } catch (SchedulerException | RuntimeException e) {
      // the run could not even be recorded; Quartz would only log a thrown exception too, with less context
      LOG.error("Fallback job {} could not run its firing due at {}", context.getJobDetail().getKey(),
          context.getScheduledFireTime().toInstant(), e);
    } finally {
      worker = null;
      Thread.interrupted(); // an interrupt aimed at this run must not reach the pool thread's next job
    }
  }

  /** Called by Quartz when the scheduler shuts down: a shell command is killed, an HTTP call abandoned. */
  @Override
  public void interrupt() {
    Thread running = worker;
    if (running != null) {
      running.interrupt();
    }
  }
}
