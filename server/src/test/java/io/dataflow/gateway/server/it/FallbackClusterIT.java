package io.dataflow.gateway.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.dataflow.gateway.server.db.Database;
import io.dataflow.gateway.server.db.Migrations;
import io.dataflow.gateway.server.fallback.FallbackRun;
import io.dataflow.gateway.server.fallback.FallbackScheduler;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two members of one fallback cluster on the gateway's real PostgreSQL, one of them a separate JVM, as
 * two gateway instances sharing a database are: the schedule lives in the database, not in either
 * member, and when a member is killed in the middle of a run the other notices, runs that interrupted
 * run again from the start and goes on with the schedule.
 */
class FallbackClusterIT {

  private static final Duration PATIENCE = Duration.ofSeconds(90);

  private static String url;
  private static HikariDataSource dataSource;
  private static Process other;
  private static FallbackScheduler member;
  private static boolean started;

  @BeforeAll
  static void createDatabase() throws SQLException {
    SharedGateway gateway = SharedGateway.get();
    try (Connection postgres = gateway.postgres("postgres"); Statement sql = postgres.createStatement()) {
      sql.execute("DROP DATABASE IF EXISTS fallback_cluster_it");
      sql.execute("CREATE DATABASE fallback_cluster_it");
    }
    url = gateway.databaseUrl();
    url = url.substring(0, url.lastIndexOf('/') + 1) + "fallback_cluster_it";
    Migrations.migrate(new Database(url, "postgres", "", false));
    dataSource = (HikariDataSource) FallbackClusterMember.dataSource(url);
    member = FallbackClusterMember.scheduler(dataSource);
  }

  @AfterAll
  static void stopMembers() {
    if (other != null) {
      other.destroyForcibly();
    }
    if (started) {
      member.unschedule(FallbackClusterMember.JOB);
      member.stop();
    }
    if (dataSource != null) {
      dataSource.close();
    }
  }

  @Test
  void whenAMemberDiesMidRunTheOtherRunsThatRunAgainAndKeepsTheSchedule() throws Exception {
    other = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), FallbackClusterMember.class.getName(), url, "schedule")
        .redirectErrorStream(true)
        .start();
    String otherInstance = instanceIdOf(other);

    // the other member runs the job on its own, and is killed in the middle of a run
    List<FallbackRun> runs = await(all -> all.stream().anyMatch(r -> r.state() == FallbackRun.State.SUCCEEDED)
        && running(all).filter(r -> r.instanceId().equals(otherInstance)).isPresent());
    FallbackRun interrupted = running(runs).orElseThrow();
    other.destroyForcibly().waitFor();
    assertThat(runs).filteredOn(r -> r.state() == FallbackRun.State.SUCCEEDED)
        .allSatisfy(r -> assertThat(r.instanceId()).isEqualTo(otherInstance));

    // this member joins the cluster, finds the other dead and takes over
    member.start();
    started = true;
    String thisInstance = member.instanceId();
    assertThat(thisInstance).isNotEqualTo(otherInstance);
    runs = await(all -> all.stream().anyMatch(r -> r.runId() == interrupted.runId() && r.state() == FallbackRun.State.SUCCEEDED)
        && all.stream().anyMatch(r -> r.logicalDate().isAfter(interrupted.logicalDate()) && r.state() == FallbackRun.State.SUCCEEDED));

    FallbackRun recovered = runs.stream().filter(r -> r.runId() == interrupted.runId()).findFirst().orElseThrow();
    assertThat(recovered.instanceId()).isEqualTo(thisInstance);
    assertThat(recovered.logicalDate()).isEqualTo(interrupted.logicalDate());
    assertThat(recovered.startedAt()).isAfter(interrupted.startedAt());
    assertThat(recovered.output()).startsWith("done ");
    assertThat(runs).filteredOn(r -> r.logicalDate().isAfter(interrupted.logicalDate()))
        .allSatisfy(r -> assertThat(r.instanceId()).isEqualTo(thisInstance));
    assertThat(runs).noneMatch(r -> r.instanceId().equals(otherInstance) && r.state() == FallbackRun.State.RUNNING);
    assertThat(runs).extracting(FallbackRun::logicalDate).doesNotHaveDuplicates();
  }

  private static Optional<FallbackRun> running(List<FallbackRun> runs) {
    return runs.stream().filter(r -> r.state() == FallbackRun.State.RUNNING).findFirst();
  }

  /** The first line of the member's output names its instance. */
  private static String instanceIdOf(Process process) throws Exception {
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    List<String> seen = new ArrayList<>();
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith("member ") && line.endsWith(" started")) {
        Thread drain = new Thread(() -> out.lines().forEach(l -> {}), "cluster-member-output");
        drain.setDaemon(true);
        drain.start();
        return line.substring("member ".length(), line.length() - " started".length());
      }
      seen.add(line);
    }
    throw new IllegalStateException("The other cluster member exited before it started:\n" + String.join("\n", seen));
  }

  private static List<FallbackRun> await(Predicate<List<FallbackRun>> done) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (true) {
      List<FallbackRun> runs = member.runs(FallbackClusterMember.JOB);
      if (done.test(runs)) {
        return runs;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("The cluster did not get the expected runs within " + PATIENCE + "; it has " + runs);
      }
      Thread.sleep(200);
    }
  }
}
