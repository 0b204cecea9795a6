package io.dataflow.gateway.server.health;

import com.codahale.metrics.health.HealthCheck;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;

/** PostgreSQL answers a query through the gateway's pool. */
public final class PostgresHealthCheck extends HealthCheck {
  private final DataSource dataSource;

  public PostgresHealthCheck(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  protected Result check() throws Exception {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.setQueryTimeout(5);
      try (ResultSet rows = statement.executeQuery("SELECT current_setting('server_version')")) {
        rows.next();
        return Result.healthy("PostgreSQL " + rows.getString(1));
      }
    }
  }
}
