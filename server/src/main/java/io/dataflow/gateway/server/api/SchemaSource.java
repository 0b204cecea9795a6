package io.dataflow.gateway.server.api;

import io.dataflow.gateway.catalog.GatewayCatalog;
import io.dataflow.gateway.planner.model.DatasetId;
import java.util.Optional;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.TableIdentifier;

/** Where a dataset's schema comes from: the Iceberg catalog, which is the truth about the table. */
@FunctionalInterface
public interface SchemaSource {

  /** The current schema of {@code dataset}'s table; empty if the catalog has no such table. */
  Optional<DatasetJson.Schema> schema(DatasetId dataset);

  /** The schemas of the gateway's own catalog. */
  static SchemaSource of(GatewayCatalog catalog) {
    return dataset -> catalog.metadata(TableIdentifier.parse(dataset.name())).map(SchemaSource::schema);
  }

  private static DatasetJson.Schema schema(TableMetadata metadata) {
    org.apache.iceberg.Schema schema = metadata.schema();
    PartitionSpec spec = metadata.spec();
    return new DatasetJson.Schema(
        schema.columns().stream().map(c -> new DatasetJson.Column(c.name(), c.type().toString(), c.isRequired())).toList(),
        spec.fields().stream()
            .map(f -> new DatasetJson.PartitionField(f.name(), schema.findColumnName(f.sourceId()), f.transform().toString()))
            .toList(),
        Optional.ofNullable(metadata.currentSnapshot()).map(s -> s.snapshotId()));
  }
}
