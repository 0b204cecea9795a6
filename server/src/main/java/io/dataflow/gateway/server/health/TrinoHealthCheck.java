package io.dataflow.gateway.server.health;

import com.codahale.metrics.health.HealthCheck;
import io.dataflow.gateway.server.TrinoRuntime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;

/** Trino runs a query, and the embedded Trino sees the gateway's catalog. */
public final class TrinoHealthCheck extends HealthCheck {
  private final TrinoRuntime trino;

  public TrinoHealthCheck(TrinoRuntime trino) {
    this.trino = trino;
  }

  @Override
  protected Result check() throws Exception {
    Properties properties = new Properties();
    properties.setProperty("user", trino.user());
    try (Connection connection = DriverManager.getConnection(trino.jdbcUrl(), properties);
        Statement statement = connection.createStatement()) {
      statement.setQueryTimeout(10);
      String sql = trino.isEmbedded() ? "SELECT count(*) FROM iceberg.information_schema.schemata" : "SELECT 1";
      try (ResultSet rows = statement.executeQuery(sql)) {
        rows.next();
        return Result.healthy("Trino at " + trino.jdbcUrl() + (trino.isEmbedded() ? " (embedded)" : ""));
      }
    }
  }
}
