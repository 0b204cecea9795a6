package io.dataflow.gateway.server.dataflow;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.annotator.TableName;
import io.dataflow.gateway.annotator.render.TableMapping;
import io.dataflow.gateway.planner.model.DatasetId;
import java.util.List;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * How the names a task's SQL uses map to the gateway's tables: {@code analytics.daily_totals} (or
 * {@code hive.analytics.daily_totals}) is the Iceberg table {@code analytics.daily_totals} of the
 * gateway's catalog, which is the dataset of that name and, in Trino, {@code
 * "<trinoCatalog>"."analytics"."daily_totals"}. A name without a schema lives in {@code default}.
 *
 * @param trinoCatalog the Trino catalog that reads the gateway's Iceberg catalog
 */
record TableNames(String trinoCatalog) {

  static final String DEFAULT_SCHEMA = "default";

  TableNames {
    requireNonNull(trinoCatalog, "trinoCatalog is null");
  }

  DatasetId dataset(TableName legacy) {
    return DatasetId.of(schema(legacy) + "." + legacy.table());
  }

  TableIdentifier identifier(DatasetId dataset) {
    return TableIdentifier.parse(dataset.name());
  }

  TableIdentifier identifier(TableName legacy) {
    return TableIdentifier.of(schema(legacy), legacy.table());
  }

  /** The three-part name Trino reads {@code legacy} by. */
  TableName trino(TableName legacy) {
    return new TableName(List.of(trinoCatalog, schema(legacy), legacy.table()));
  }

  TableMapping mapping() {
    return this::trino;
  }

  private static String schema(TableName legacy) {
    List<String> parts = legacy.parts();
    return parts.size() == 1 ? DEFAULT_SCHEMA : parts.get(parts.size() - 2);
  }
}
