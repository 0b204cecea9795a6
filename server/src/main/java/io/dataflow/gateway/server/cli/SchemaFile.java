package io.dataflow.gateway.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dataflow.gateway.annotator.TableName;
import io.dataflow.gateway.annotator.schema.ColumnSchema;
import io.dataflow.gateway.annotator.schema.MapSchemaProvider;
import io.dataflow.gateway.annotator.schema.TableSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code --schema} file of the {@code annotate} command, in JSON or YAML (by its extension):
 *
 * <pre>
 * {"tables": [{"name": "raw.transactions",
 *              "columns": {"txn_id": "BIGINT", "amount": "DECIMAL(12,2)", "day": "DATE"},
 *              "partitioned_by": ["day"]}]}
 * </pre>
 *
 * Columns keep the order they are written in; {@code partitioned_by} may be left out for an
 * unpartitioned table. Every mistake is reported with the file and the table it is in.
 */
final class SchemaFile {

  private SchemaFile() {}

  static MapSchemaProvider read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new CommandLineException("The schema file " + file + " does not exist or is not a file");
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    ObjectMapper mapper = name.endsWith(".yaml") || name.endsWith(".yml")
        ? new ObjectMapper(new YAMLFactory()) : JsonMapper.builder().build();
    JsonNode root;
    try {
      root = mapper.readTree(file.toFile());
    } catch (IOException e) {
      String why = e instanceof com.fasterxml.jackson.core.JsonProcessingException json
          ? json.getOriginalMessage() + " at line " + json.getLocation().getLineNr() : e.getMessage();
      throw new CommandLineException("Cannot read the schema file " + file + ": " + why);
    }
    JsonNode tables = root == null ? null : root.get("tables");
    if (tables == null || !tables.isArray()) {
      throw new CommandLineException("The schema file " + file + " has no \"tables\" list; expected"
          + " {\"tables\": [{\"name\": \"schema.table\", \"columns\": {\"col\": \"TYPE\"}, \"partitioned_by\": [\"col\"]}]}");
    }
    List<TableSchema> schemas = new ArrayList<>();
    int index = 0;
    for (JsonNode table : tables) {
      index++;
      String where = "table " + index + " of the schema file " + file;
      JsonNode tableName = table.get("name");
      if (tableName == null || !tableName.isTextual()) {
        throw new CommandLineException("The " + where + " has no \"name\"");
      }
      where = "table " + tableName.asText() + " in the schema file " + file;
      JsonNode columns = table.get("columns");
      if (columns == null || !columns.isObject() || columns.isEmpty()) {
        throw new CommandLineException("The " + where + " has no \"columns\" object of name: TYPE");
      }
      try {
        List<ColumnSchema> parsed = new ArrayList<>();
        for (Map.Entry<String, JsonNode> column : columns.properties()) {
          parsed.add(new ColumnSchema(column.getKey(), column.getValue().asText()));
        }
        List<String> partitions = new ArrayList<>();
        JsonNode partitionedBy = table.get("partitioned_by");
        if (partitionedBy != null) {
          partitionedBy.forEach(p -> partitions.add(p.asText()));
        }
        schemas.add(new TableSchema(TableName.of(tableName.asText()), parsed, partitions));
      } catch (IllegalArgumentException e) {
        throw new CommandLineException("Invalid " + where + ": " + e.getMessage());
      }
    }
    try {
      return new MapSchemaProvider(schemas);
    } catch (IllegalArgumentException e) {
      throw new CommandLineException("Invalid schema file " + file + ": " + e.getMessage());
    }
  }
}
