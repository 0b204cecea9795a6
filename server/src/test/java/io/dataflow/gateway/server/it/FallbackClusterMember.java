package io.dataflow.gateway.server.it;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.dataflow.gateway.importer.model.Schedule;
import io.dataflow.gateway.server.fallback.FallbackAction;
import io.dataflow.gateway.server.fallback.FallbackJob;
import io.dataflow.gateway.server.fallback.FallbackJobKey;
import io.dataflow.gateway.server.fallback.FallbackOutcomeListener;
import io.dataflow.gateway.server.fallback.FallbackResources;
import io.dataflow.gateway.server.fallback.FallbackSchedule;
import io.dataflow.gateway.server.fallback.FallbackScheduler;
import io.dataflow.gateway.server.fallback.FallbackSettings;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * One member of a fallback cluster in a process of its own, as a second gateway instance would run
 * it: {@code FallbackClusterMember <jdbc url> [schedule]}. With {@code schedule} it schedules
 * {@link #JOB}. It prints its Quartz instance id and runs until it is killed.
 */
public final class FallbackClusterMember {

  static final String CLUSTER = "fallback-cluster-it";
  static final FallbackJobKey JOB = new FallbackJobKey("cluster_it", "slow_every_two_seconds");

  private FallbackClusterMember() {}

  public static void main(String[] args) throws InterruptedException {
    FallbackScheduler scheduler = scheduler(dataSource(args[0]));
    scheduler.start();
    if (args.length > 1 && args[1].equals("schedule")) {
      scheduler.schedule(job());
    }
    System.out.println("member " + scheduler.instanceId() + " started");
    System.out.flush();
    Thread.currentThread().join();
  }

  static DataSource dataSource(String url) {
    HikariConfig pool = new HikariConfig();
    pool.setPoolName("fallback-cluster-member");
    pool.setJdbcUrl(url);
    pool.setUsername("postgres");
    pool.setMaximumPoolSize(6);
    return new HikariDataSource(pool);
  }

  /** A member checking in every second, so that the others notice its death within seconds. */
  static FallbackScheduler scheduler(DataSource dataSource) {
    return new FallbackScheduler(CLUSTER, new FallbackSettings(2, Duration.ofSeconds(1), Duration.ofSeconds(60), 4096),
        dataSource, new FallbackResources(() -> {
          throw new IllegalStateException("no Trino in this cluster test");
        }, Map.of(), name -> Optional.empty()), FallbackOutcomeListener.NONE);
  }

  /** Every two seconds a run that takes three: one is nearly always under way. */
  static FallbackJob job() {
    FallbackSchedule everyTwoSeconds = new FallbackSchedule(JOB.dagId(), new Schedule.Timedelta(Duration.ofSeconds(2)), ZoneOffset.UTC,
        Optional.of(Instant.now().truncatedTo(ChronoUnit.SECONDS)), Optional.empty(), false);
    return new FallbackJob(JOB, everyTwoSeconds,
        new FallbackAction.ShellCommand("sleep 3; echo done {{ ts }}", Map.of(), Optional.empty(), Duration.ofSeconds(30)), List.of());
  }
}
