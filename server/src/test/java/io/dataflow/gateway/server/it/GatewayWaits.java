package io.dataflow.gateway.server.it;

import io.dataflow.gateway.server.dataflow.DataflowRuntime;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

/** Waiting, in an integration test, for the gateway's database and dataflow to reach a state. */
final class GatewayWaits {

  private final DataSource database;
  private final DataflowRuntime dataflow;
  private final Duration timeout;

  GatewayWaits(DataSource database, DataflowRuntime dataflow, Duration timeout) {
    this.database = database;
    this.dataflow = dataflow;
    this.timeout = timeout;
  }

  /** The first column of the first row {@code sql} answers in the gateway's database. */
  long scalar(String sql) {
    try (Connection c = database.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /** Until {@code condition} holds; fails naming {@code what} after the timeout. */
  void until(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Not within " + timeout + ": " + what);
      }
      Thread.sleep(100);
    }
  }

  /** Until every event reached the dataflow and nothing is stale, pending or running, three times in a row. */
  void settled() throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int quiet = 0;
    while (quiet < 3) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("The dataflow did not settle within " + timeout);
      }
      boolean delivered = scalar("SELECT CASE WHEN (SELECT coalesce(max(event_id), 0) FROM snapshot_events)"
          + " <= (SELECT coalesce(max(last_event_id), 0) FROM event_cursors WHERE subscriber = 'dataflow') THEN 1 ELSE 0 END") == 1;
      quiet = delivered && dataflow.isIdle() ? quiet + 1 : 0;
      Thread.sleep(300);
    }
  }
}
