package io.dataflow.gateway.server.migration;

import java.util.Locale;

/** Where a DAG's migration is. */
public enum MigrationMode {
  /** Airflow produces the DAG's tables; the dataflow runs none of its tasks. */
  NOT_MIGRATED,
  /**
   * Airflow produces the DAG's tables; the dataflow runs its translated tasks into shadow tables,
   * compared with the real ones partition by partition.
   */
  SHADOW,
  /** The dataflow runs the DAG's translated tasks into the real tables. */
  PRODUCTION;

  /** The name the API uses: {@code not_migrated}, {@code shadow}, {@code production}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
