package io.dataflow.gateway.server.fallback;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.quartz.utils.ConnectionProvider;

/** Quartz's connections taken from the gateway's own pool, which the gateway (not Quartz) closes. */
final class PooledConnections implements ConnectionProvider {

  private final DataSource dataSource;

  PooledConnections(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return dataSource.getConnection();
  }

  @Override
  public void initialize() {}

  @Override
  public void shutdown() {}
}
