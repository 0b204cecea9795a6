package io.dataflow.gateway.server.dataflow;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.annotator.schema.ColumnSchema;
import io.dataflow.gateway.annotator.schema.TableSchema;
import io.dataflow.gateway.catalog.GatewayCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.rest.requests.CreateNamespaceRequest;
import org.apache.iceberg.rest.requests.CreateTableRequest;
import org.apache.iceberg.types.Types;

/** Creates the tables the dataflow writes, in the gateway's catalog, as their schemas declare. */
final class OutputTables {

  private final GatewayCatalog catalog;
  private final TableNames names;

  OutputTables(GatewayCatalog catalog, TableNames names) {
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.names = requireNonNull(names, "names is null");
  }

  /**
   * Creates {@code table} unless it exists: Iceberg format 2 (row-level deletes, which the partition
   * replacement needs), identity-partitioned by the schema's partition columns.
   *
   * @return whether it was created
   */
  boolean ensure(TableSchema table) {
    TableIdentifier ident = names.identifier(table.name());
    if (catalog.metadata(ident).isPresent()) {
      return false;
    }
    ensureNamespace(ident.namespace());
    List<Types.NestedField> fields = new ArrayList<>();
    int id = 1;
    for (ColumnSchema column : table.columns()) {
      fields.add(Types.NestedField.optional(id++, column.name(), CatalogSchemas.icebergType(column.type(), column.name())));
    }
    Schema schema = new Schema(fields);
    PartitionSpec.Builder spec = PartitionSpec.builderFor(schema);
    table.partitionColumns().forEach(spec::identity);
    try {
      catalog.createTable(ident.namespace(), CreateTableRequest.builder()
          .withName(ident.name())
          .withSchema(schema)
          .withPartitionSpec(spec.build())
          .setProperties(new java.util.HashMap<>(Map.of(TableProperties.FORMAT_VERSION, "2")))
          .build());
      return true;
    } catch (AlreadyExistsException e) {
      return false;
    }
  }

  private void ensureNamespace(Namespace namespace) {
    try {
      catalog.namespaceExists(namespace);
    } catch (NoSuchNamespaceException e) {
      try {
        catalog.createNamespace(CreateNamespaceRequest.builder().withNamespace(namespace).build());
      } catch (AlreadyExistsException raced) {
        // created meanwhile: what we wanted
      }
    }
  }
}
