package io.dataflow.gateway.annotator.internal;

import io.dataflow.gateway.annotator.TableName;
import io.dataflow.gateway.annotator.schema.ColumnSchema;
import io.dataflow.gateway.annotator.schema.SchemaProvider;
import io.dataflow.gateway.annotator.schema.TableSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.Schema;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.schema.lookup.LikePattern;
import org.apache.calcite.schema.lookup.Lookup;
import org.apache.calcite.schema.lookup.Named;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Presents a {@link SchemaProvider} to Calcite as a tree of schemas resolved lazily by name, so a
 * provider backed by a catalog is asked only for the tables a statement references, each once. One
 * instance per annotation (not thread-safe), which also gives the annotation one consistent view of
 * each table.
 */
final class ProviderSchema extends AbstractSchema {

  private static final Pattern TYPE = Pattern.compile(
      "([A-Z]+)(?:\\s*\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\))?( WITH TIME ZONE)?");

  private final SchemaProvider provider;
  private final List<String> prefix;
  /** Tables looked up so far, shared with the sub-schemas: the provider is asked once per name. */
  private final Map<TableName, Optional<SchemaTable>> found;

  ProviderSchema(SchemaProvider provider) {
    this(provider, List.of(), new HashMap<>());
  }

  private ProviderSchema(SchemaProvider provider, List<String> prefix,
      Map<TableName, Optional<SchemaTable>> found) {
    this.provider = provider;
    this.prefix = prefix;
    this.found = found;
  }

  @Override
  public Lookup<Table> tables() {
    return new Lookup<>() {
      @Override
      public Table get(String name) {
        return find(name);
      }

      @Override
      public Named<Table> getIgnoreCase(String name) {
        Table table = find(name);
        return table == null ? null : new Named<>(name, table);
      }

      @Override
      public Set<String> getNames(LikePattern pattern) {
        return Set.of();
      }
    };
  }

  @Override
  public Lookup<? extends Schema> subSchemas() {
    return new Lookup<ProviderSchema>() {
      @Override
      public ProviderSchema get(String name) {
        // Calcite tries a name as a schema before it tries it as a table: a table wins.
        return prefix.size() >= 2 || find(name) != null ? null : child(name);
      }

      @Override
      public Named<ProviderSchema> getIgnoreCase(String name) {
        ProviderSchema child = get(name);
        return child == null ? null : new Named<>(name, child);
      }

      @Override
      public Set<String> getNames(LikePattern pattern) {
        return Set.of();
      }
    };
  }

  private ProviderSchema child(String name) {
    List<String> childPrefix = new ArrayList<>(prefix);
    childPrefix.add(name.toLowerCase(Locale.ROOT));
    return new ProviderSchema(provider, List.copyOf(childPrefix), found);
  }

  private Table find(String name) {
    List<String> parts = new ArrayList<>(prefix);
    parts.add(name);
    TableName tableName;
    try {
      tableName = new TableName(parts);
    } catch (IllegalArgumentException e) {
      return null;
    }
    return found.computeIfAbsent(tableName, key -> provider.table(key).map(SchemaTable::new))
        .orElse(null);
  }

  /** A table of the provider, as Calcite sees it. */
  static final class SchemaTable extends AbstractTable {
    private final TableSchema schema;
    private RelDataTypeFactory rowTypeFactory;
    private RelDataType rowType;

    SchemaTable(TableSchema schema) {
      this.schema = schema;
    }

    TableSchema schema() {
      return schema;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory typeFactory) {
      // Calcite asks several times per query; the answer only depends on the factory
      if (rowType == null || rowTypeFactory != typeFactory) {
        rowType = rowType(typeFactory);
        rowTypeFactory = typeFactory;
      }
      return rowType;
    }

    private RelDataType rowType(RelDataTypeFactory typeFactory) {
      RelDataTypeFactory.Builder builder = typeFactory.builder();
      for (ColumnSchema column : schema.columns()) {
        builder.add(column.name(),
            typeFactory.createTypeWithNullability(type(typeFactory, column.type()), true));
      }
      return builder.build();
    }
  }

  static RelDataType type(RelDataTypeFactory typeFactory, String declared) {
    Matcher m = TYPE.matcher(declared);
    if (!m.matches()) {
      throw new IllegalArgumentException("Unsupported column type " + declared);
    }
    String name = switch (m.group(1)) {
      case "INT" -> "INTEGER";
      case "STRING" -> "VARCHAR";
      default -> m.group(1);
    };
    SqlTypeName typeName = SqlTypeName.get(name);
    if (typeName == null) {
      throw new IllegalArgumentException("Unsupported column type " + declared);
    }
    if (m.group(4) != null) {
      typeName = SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE;
    }
    if (m.group(3) != null) {
      return typeFactory.createSqlType(typeName, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    }
    if (m.group(2) != null) {
      return typeFactory.createSqlType(typeName, Integer.parseInt(m.group(2)));
    }
    return typeFactory.createSqlType(typeName);
  }
}
