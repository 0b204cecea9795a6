package io.dataflow.gateway.annotator.schema;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.annotator.TableName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A fixed set of tables held in memory: for tests and for schema files given on the command line. */
public final class MapSchemaProvider implements SchemaProvider {

  private final Map<TableName, TableSchema> tables;

  public MapSchemaProvider(List<TableSchema> tables) {
    Map<TableName, TableSchema> byName = new LinkedHashMap<>();
    for (TableSchema table : requireNonNull(tables, "tables is null")) {
      if (byName.put(table.name(), table) != null) {
        throw new IllegalArgumentException("Table " + table.name() + " is declared twice");
      }
    }
    this.tables = Map.copyOf(byName);
  }

  @Override
  public Optional<TableSchema> table(TableName name) {
    return Optional.ofNullable(tables.get(name));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Declares tables one line each: {@code table("raw.t", "id BIGINT, day DATE").partitionedBy("day")}. */
  public static final class Builder {
    private final List<TableSchema> tables = new ArrayList<>();

    private Builder() {}

    /**
     * Adds a table.
     *
     * @param name dotted name
     * @param columns comma-separated {@code name TYPE} pairs, as in DDL
     * @param partitionColumns the columns it is partitioned by, none for an unpartitioned table
     */
    public Builder table(String name, String columns, String... partitionColumns) {
      List<ColumnSchema> parsed = new ArrayList<>();
      for (String column : columns.split(",(?![^()]*\\))")) {
        String[] nameAndType = column.strip().split("\\s+", 2);
        if (nameAndType.length != 2) {
          throw new IllegalArgumentException(
              "Column declaration '" + column.strip() + "' of table " + name
                  + " is not of the form 'name TYPE'");
        }
        parsed.add(new ColumnSchema(nameAndType[0], nameAndType[1]));
      }
      tables.add(new TableSchema(TableName.of(name), parsed, List.of(partitionColumns)));
      return this;
    }

    public MapSchemaProvider build() {
      return new MapSchemaProvider(tables);
    }
  }
}
