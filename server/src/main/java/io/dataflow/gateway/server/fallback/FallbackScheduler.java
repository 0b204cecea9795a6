package io.dataflow.gateway.server.fallback;

import static java.util.Objects.requireNonNull;

import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import javax.sql.DataSource;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the fallback jobs: Quartz with its JDBC job store in the gateway's PostgreSQL (tables of
 * migration V4), clustered, so every gateway instance on the same database takes part and a job
 * scheduled by one survives the restart of any.
 *
 * <p>Quartz reaches the database through the gateway's own connection pool. Job data is stored as
 * strings (the job as JSON), never as serialized Java objects. See {@link ScheduleConversion} for how
 * schedules and catchup become triggers and misfire instructions.
 *
 * <p>The API may be called from any thread once {@link #start()} has returned.
 */
public final class FallbackScheduler implements Managed {

  /** One scheduler name for every gateway instance: that is what makes them one cluster. */
  public static final String SCHEDULER_NAME = "dataflow-gateway-fallback";
  private static final int RUNS_LISTED = 100;
  private static final Logger LOG = LoggerFactory.getLogger(FallbackScheduler.class);

  private final String schedulerName;
  private final FallbackSettings settings;
  private final DataSource dataSource;
  private final FallbackResources resources;
  private final FallbackOutcomeListener listener;
  private final FallbackRunStore store;
  private final JobCodec codec = new JobCodec();
  // Quartz looks connection providers up by name in a JVM-wide registry; a name per scheduler object
  // keeps two of them (a test restarting the scheduler, say) from sharing one by accident.
  private final String connectionsName = "fallback-" + UUID.randomUUID();
  private Scheduler scheduler;
  private FallbackExecution execution;

  public FallbackScheduler(
      FallbackSettings settings, DataSource dataSource, FallbackResources resources, FallbackOutcomeListener listener) {
    this(SCHEDULER_NAME, settings, dataSource, resources, listener);
  }

  /**
   * A scheduler of the cluster called {@code schedulerName}: jobs of clusters with other names share
   * the tables but never each other's jobs.
   */
  public FallbackScheduler(String schedulerName,
      FallbackSettings settings, DataSource dataSource, FallbackResources resources, FallbackOutcomeListener listener) {
    this.schedulerName = requireNonNull(schedulerName, "schedulerName is null");
    this.settings = requireNonNull(settings, "settings is null");
    this.dataSource = requireNonNull(dataSource, "dataSource is null");
    this.resources = requireNonNull(resources, "resources is null");
    this.listener = requireNonNull(listener, "listener is null");
    this.store = new FallbackRunStore(dataSource);
  }

  /**
   * Joins the cluster and starts firing jobs.
   *
   * @throws FallbackException if Quartz cannot start, for example because migration V4 has not run
   */
  @Override
  public synchronized void start() {
    if (scheduler != null) {
      throw new IllegalStateException("The fallback scheduler is already started");
    }
    // Quartz hands out the running scheduler of the same name instead of a new one: two schedulers in
    // one JVM would silently be one. Cluster members are separate gateway processes.
    if (SchedulerRepository.getInstance().lookup(schedulerName) != null) {
      throw new FallbackException("Cannot start the fallback scheduler: another one of cluster " + schedulerName + " is running in this process;"
          + " stop it first (instances of a cluster are separate gateway processes)");
    }
    DBConnectionManager.getInstance().addConnectionProvider(connectionsName, new PooledConnections(dataSource));
    FallbackExecution firing = new FallbackExecution(settings, store, resources, listener, Clock.systemUTC());
    try {
      Scheduler quartz = new StdSchedulerFactory(quartzProperties()).getScheduler();
      quartz.setJobFactory((bundle, owner) -> new FallbackQuartzJob(firing, codec));
      quartz.start();
      scheduler = quartz;
      execution = firing;
      LOG.info("Fallback scheduler started as instance {} of cluster {} with {} threads",
          quartz.getSchedulerInstanceId(), schedulerName, settings.threadCount());
    } catch (SchedulerException e) {
      firing.close();
      throw new FallbackException("Cannot start the fallback scheduler: " + e.getMessage(), e);
    }
  }

  /**
   * Stops firing, interrupts runs under way (a shell command is killed and recorded as failed) and
   * waits for them to be recorded. Jobs stay in the store for the next start or another instance.
   */
  @Override
  public synchronized void stop() {
    if (scheduler == null) {
      return;
    }
    try {
      scheduler.shutdown(true);
    } catch (SchedulerException e) {
      throw new FallbackException("Cannot stop the fallback scheduler: " + e.getMessage(), e);
    } finally {
      scheduler = null;
      execution.close();
      execution = null;
    }
  }

  /**
   * Schedules a job, replacing the job of the same task if there is one (its recorded runs stay, and
   * a logical date that has run does not run again).
   *
   * @throws UnsupportedScheduleException if the job's schedule cannot be reproduced in Quartz
   */
  public FallbackJobKey schedule(FallbackJob job) {
    requireNonNull(job, "job is null");
    QuartzSchedule converted = ScheduleConversion.convert(job.schedule());
    JobKey key = job.key().quartz();
    JobDetail detail = JobBuilder.newJob(FallbackQuartzJob.class)
        .withIdentity(key)
        .withDescription(job.action().kind())
        .usingJobData(FallbackQuartzJob.JOB_DATA_KEY, codec.write(job))
        .storeDurably() // listed even when its schedule has ended
        // a run cut short by the death of its gateway instance is run again by another instance
        .requestRecovery(true)
        .build();
    List<Trigger> triggers = converted.triggers(key);
    try {
      Scheduler quartz = running();
      // Deleting first drops triggers the new schedule no longer has (a cron that needed two).
      quartz.deleteJob(key);
      quartz.scheduleJob(detail, new HashSet<>(triggers), true);
      LOG.info("Fallback job {} scheduled ({}), first firing {}", job.key(), job.action().kind(),
          triggers.stream().map(Trigger::getNextFireTime).filter(Objects::nonNull).min(Comparator.naturalOrder())
              .map(Date::toInstant).map(Object::toString).orElse("none"));
      return job.key();
    } catch (SchedulerException e) {
      throw new FallbackException("Cannot schedule fallback job " + job.key() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Removes a job and its triggers; its recorded runs stay.
   *
   * @return whether there was such a job
   */
  public boolean unschedule(FallbackJobKey key) {
    requireNonNull(key, "key is null");
    SchedulerException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        return running().deleteJob(key.quartz());
      } catch (SchedulerException e) {
        // a trigger that fires for the last time at this moment is removed by Quartz together with
        // its job, under the delete: the job is gone either way
        last = e;
        try {
          if (!running().checkExists(key.quartz())) {
            return true;
          }
          Thread.sleep(50L << attempt);
        } catch (SchedulerException check) {
          e.addSuppressed(check);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    throw new FallbackException("Cannot unschedule fallback job " + key + ": " + last.getMessage(), last);
  }

  /** Every scheduled job, by DAG and task id. */
  public List<ScheduledFallbackJob> list() {
    try {
      Scheduler quartz = running();
      List<ScheduledFallbackJob> jobs = new ArrayList<>();
      for (JobKey key : quartz.getJobKeys(GroupMatcher.anyJobGroup())) {
        JobDetail detail = quartz.getJobDetail(key);
        if (detail == null) {
          continue; // removed meanwhile
        }
        Optional<Instant> next = quartz.getTriggersOfJob(key).stream()
            .map(Trigger::getNextFireTime).filter(Objects::nonNull).min(Comparator.naturalOrder()).map(Date::toInstant);
        jobs.add(new ScheduledFallbackJob(codec.read(detail.getJobDataMap().getString(FallbackQuartzJob.JOB_DATA_KEY)), next));
      }
      jobs.sort(Comparator.comparing((ScheduledFallbackJob j) -> j.job().key().dagId()).thenComparing(j -> j.job().key().taskId()));
      return List.copyOf(jobs);
    } catch (SchedulerException e) {
      throw new FallbackException("Cannot list the fallback jobs: " + e.getMessage(), e);
    }
  }

  /** The job of a task, if it is scheduled. */
  public Optional<ScheduledFallbackJob> job(FallbackJobKey key) {
    return list().stream().filter(job -> job.job().key().equals(key)).findFirst();
  }

  /** The latest runs of a job (at most 100), newest first; they outlive the job itself. */
  public List<FallbackRun> runs(FallbackJobKey key) {
    return store.runs(requireNonNull(key, "key is null"), RUNS_LISTED);
  }

  /** The configured HTTP connections (fallback.httpConnections) by Airflow connection id, for the plans of HTTP tasks. */
  public java.util.Map<String, HttpConnection> httpConnections() {
    return settings.httpConnections();
  }

  /** This gateway instance's id in the cluster. */
  public String instanceId() {
    try {
      return running().getSchedulerInstanceId();
    } catch (SchedulerException e) {
      throw new FallbackException("Cannot read the fallback scheduler's instance id: " + e.getMessage(), e);
    }
  }

  private synchronized Scheduler running() throws SchedulerException {
    if (scheduler == null) {
      throw new IllegalStateException("The fallback scheduler is not started");
    }
    return scheduler;
  }

  private Properties quartzProperties() {
    Properties properties = new Properties();
    properties.setProperty("org.quartz.scheduler.instanceName", schedulerName);
    properties.setProperty("org.quartz.scheduler.instanceId", "AUTO");
    properties.setProperty("org.quartz.scheduler.makeSchedulerThreadDaemon", "true");
    properties.setProperty("org.quartz.scheduler.interruptJobsOnShutdownWithWait", "true");
    properties.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
    properties.setProperty("org.quartz.threadPool.threadCount", String.valueOf(settings.threadCount()));
    properties.setProperty("org.quartz.threadPool.threadNamePrefix", "fallback-run");
    properties.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
    properties.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
    properties.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
    properties.setProperty("org.quartz.jobStore.dataSource", connectionsName);
    properties.setProperty("org.quartz.jobStore.tablePrefix", "qrtz_");
    properties.setProperty("org.quartz.jobStore.useProperties", "true");
    properties.setProperty("org.quartz.jobStore.isClustered", "true");
    properties.setProperty("org.quartz.jobStore.clusterCheckinInterval", String.valueOf(settings.clusterCheckinInterval().toMillis()));
    properties.setProperty("org.quartz.jobStore.misfireThreshold", String.valueOf(settings.misfireThreshold().toMillis()));
    return properties;
  }
}
