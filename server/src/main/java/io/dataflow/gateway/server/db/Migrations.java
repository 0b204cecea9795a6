package io.dataflow.gateway.server.db;

import io.dataflow.gateway.server.GatewayStartupException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Brings the gateway's schema to the current version with the migrations in {@code db/migration}. */
public final class Migrations {

  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {}

  /**
   * Applies pending migrations.
   *
   * @return the schema version after migrating
   * @throws GatewayStartupException if a migration fails or the database is newer than this gateway
   */
  public static String migrate(Database database) {
    try {
      MigrateResult result =
          Flyway.configure()
              .dataSource(database.url(), database.user(), database.password())
              .locations("classpath:db/migration")
              .load()
              .migrate();
      if (result.migrationsExecuted > 0) {
        LOG.info(
            "Database schema migrated from version {} to {}",
            result.initialSchemaVersion == null ? "<empty>" : result.initialSchemaVersion,
            result.targetSchemaVersion);
      }
      return result.targetSchemaVersion == null ? result.initialSchemaVersion : result.targetSchemaVersion;
    } catch (FlywayException e) {
      throw new GatewayStartupException(
          "Cannot migrate the database schema at " + database.url() + ": " + e.getMessage(), e);
    }
  }
}
