package io.dataflow.gateway.server.dataflow;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.annotator.TableName;
import io.dataflow.gateway.annotator.schema.ColumnSchema;
import io.dataflow.gateway.annotator.schema.SchemaProvider;
import io.dataflow.gateway.annotator.schema.TableSchema;
import io.dataflow.gateway.catalog.GatewayCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * The schemas the annotator and the renderer resolve task SQL against: the gateway's Iceberg tables,
 * by the legacy names the SQL uses, then the schemas declared for tables the dataflow is about to
 * create.
 */
final class CatalogSchemas implements SchemaProvider {

  private final GatewayCatalog catalog;
  private final TableNames names;
  private final Map<TableName, TableSchema> declared;

  CatalogSchemas(GatewayCatalog catalog, TableNames names, Map<TableName, TableSchema> declared) {
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.names = requireNonNull(names, "names is null");
    this.declared = Map.copyOf(requireNonNull(declared, "declared is null"));
  }

  @Override
  public Optional<TableSchema> table(TableName name) {
    return catalog.metadata(names.identifier(name))
        .map(metadata -> schemaOf(name, metadata))
        .or(() -> Optional.ofNullable(declared.get(name)));
  }

  static TableSchema schemaOf(TableName name, TableMetadata metadata) {
    Schema schema = metadata.schema();
    List<ColumnSchema> columns = new ArrayList<>();
    for (Types.NestedField field : schema.columns()) {
      columns.add(new ColumnSchema(field.name(), sqlType(field.type()).orElseThrow(() -> new IllegalArgumentException(
          "Column %s of table %s has type %s, which task SQL cannot be checked against".formatted(field.name(), name, field.type())))));
    }
    List<String> partitionColumns = new ArrayList<>();
    PartitionSpec spec = metadata.spec();
    for (PartitionField field : spec.fields()) {
      if (field.transform().isIdentity()) {
        partitionColumns.add(schema.findColumnName(field.sourceId()));
      }
    }
    return new TableSchema(name, columns, partitionColumns);
  }

  /** The SQL type of an Iceberg column, as DDL writes it; empty for nested types. */
  static Optional<String> sqlType(Type type) {
    return Optional.ofNullable(switch (type) {
      case Types.BooleanType t -> "BOOLEAN";
      case Types.IntegerType t -> "INTEGER";
      case Types.LongType t -> "BIGINT";
      case Types.FloatType t -> "REAL";
      case Types.DoubleType t -> "DOUBLE";
      case Types.DecimalType d -> "DECIMAL(%d,%d)".formatted(d.precision(), d.scale());
      case Types.DateType t -> "DATE";
      case Types.TimeType t -> "TIME";
      case Types.TimestampType t when t.shouldAdjustToUTC() -> "TIMESTAMP(6) WITH TIME ZONE";
      case Types.TimestampType t -> "TIMESTAMP(6)";
      case Types.StringType t -> "VARCHAR";
      case Types.UUIDType t -> "VARCHAR";
      case Types.BinaryType t -> "VARBINARY";
      case Types.FixedType t -> "VARBINARY";
      default -> null;
    });
  }

  /** The Iceberg type of a declared column type. */
  static Type icebergType(String sqlType, String column) {
    String type = sqlType.strip().toUpperCase(java.util.Locale.ROOT);
    if (type.startsWith("DECIMAL")) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("DECIMAL\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\)").matcher(type);
      return m.matches() ? Types.DecimalType.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))) : Types.DecimalType.of(38, 0);
    }
    if (type.startsWith("VARCHAR") || type.startsWith("CHAR")) {
      return Types.StringType.get();
    }
    if (type.startsWith("TIMESTAMP")) {
      return type.endsWith("WITH TIME ZONE") ? Types.TimestampType.withZone() : Types.TimestampType.withoutZone();
    }
    return switch (type) {
      case "BOOLEAN" -> Types.BooleanType.get();
      case "TINYINT", "SMALLINT", "INTEGER", "INT" -> Types.IntegerType.get();
      case "BIGINT" -> Types.LongType.get();
      case "REAL", "FLOAT" -> Types.FloatType.get();
      case "DOUBLE" -> Types.DoubleType.get();
      case "DATE" -> Types.DateType.get();
      case "TIME" -> Types.TimeType.get();
      case "VARBINARY" -> Types.BinaryType.get();
      default -> throw new IllegalArgumentException("Column %s has type %s, which an Iceberg table cannot hold".formatted(column, sqlType));
    };
  }
}
