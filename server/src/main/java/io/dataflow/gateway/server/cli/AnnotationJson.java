package io.dataflow.gateway.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataflow.gateway.annotator.ColumnLineage;
import io.dataflow.gateway.annotator.DagAnnotation;
import io.dataflow.gateway.annotator.InputTable;
import io.dataflow.gateway.annotator.OutputTable;
import io.dataflow.gateway.annotator.TaskAnnotation;
import io.dataflow.gateway.annotator.partition.PartitionDependency;
import io.dataflow.gateway.annotator.template.TemplateParameter;
import java.util.Collection;
import java.util.Locale;

/**
 * The JSON form of annotations, field by field, so that the names are the gateway's and stay put
 * whatever the annotator's records are called. A task annotation is
 *
 * <pre>
 * {"dialect": "TRINO", "mode": "RESOLVED|SYNTACTIC", "semantics": "MAP|PARTIAL|FULL|OPAQUE",
 *  "reason": "…", "fingerprint": "64 hex digits",
 *  "parameters": [{"expression": "ds", "kind": "LOGICAL_DATE", "type": "DATE", "offset": 0,
 *                  "offset_unit": "DAYS", "user_parameter": null, "line": 1, "column": 40}],
 *  "inputs": [{"table": "raw.transactions", "partition_columns": ["day"],
 *              "partition_predicates": ["day = ds"], "dependency": DEPENDENCY}],
 *  "output": {"table": "…", "write_mode": "APPEND|REPLACE_PARTITIONS|FULL_REPLACE|MERGE|DELETE",
 *             "partition_columns": ["day"], "written_partition": "ds"} or null,
 *  "lineage": [{"column": "total", "kind": "AGGREGATED", "sources": ["raw.transactions.amount"]}],
 *  "notes": ["…"]}
 * </pre>
 *
 * where DEPENDENCY is {@code {"kind": "identity|window|offsets|coarsening|all", "description": "…"}}
 * with {@code unit} (HOUR … YEAR) for all but {@code all}, {@code from} and {@code to} for a window,
 * {@code offsets} for offsets and {@code input_unit} for a coarsening. A DAG annotation is
 * {@code {"dag_id": "…", "tasks": [{"task_id": "…", "semantics": "…", "annotation": {…} or null,
 * "failure": "…" or null}]}}. Absent values are {@code null}.
 */
public final class AnnotationJson {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private AnnotationJson() {}

  public static ObjectNode of(TaskAnnotation annotation) {
    ObjectNode node = JSON.objectNode();
    node.put("dialect", annotation.dialect().name());
    node.put("mode", annotation.mode().name());
    node.put("semantics", annotation.semantics().name());
    node.put("reason", annotation.reason());
    node.put("fingerprint", annotation.fingerprint());
    ArrayNode parameters = node.putArray("parameters");
    annotation.parameters().forEach(p -> parameters.add(of(p)));
    ArrayNode inputs = node.putArray("inputs");
    annotation.inputs().forEach(i -> inputs.add(of(i)));
    node.set("output", annotation.output().<JsonNode>map(AnnotationJson::of).orElse(JSON.nullNode()));
    ArrayNode lineage = node.putArray("lineage");
    annotation.lineage().forEach(l -> lineage.add(of(l)));
    node.set("notes", strings(annotation.notes()));
    return node;
  }

  static ObjectNode of(DagAnnotation dag) {
    ObjectNode node = JSON.objectNode();
    node.put("dag_id", dag.dagId());
    ArrayNode tasks = node.putArray("tasks");
    for (DagAnnotation.TaskResult task : dag.tasks()) {
      ObjectNode t = tasks.addObject();
      t.put("task_id", task.taskId());
      t.put("semantics", task.semantics().name());
      t.set("annotation", task.annotation().<JsonNode>map(AnnotationJson::of).orElse(JSON.nullNode()));
      t.set("failure", task.failure().<JsonNode>map(JSON::textNode).orElse(JSON.nullNode()));
    }
    return node;
  }

  private static ObjectNode of(TemplateParameter parameter) {
    ObjectNode node = JSON.objectNode();
    node.put("expression", parameter.expression());
    node.put("kind", parameter.kind().name());
    node.put("type", parameter.type().name());
    node.put("offset", parameter.offset());
    node.put("offset_unit", parameter.offsetUnit().name());
    node.set("user_parameter", parameter.userParameter().<JsonNode>map(JSON::textNode).orElse(JSON.nullNode()));
    node.put("line", parameter.position().line());
    node.put("column", parameter.position().column());
    return node;
  }

  private static ObjectNode of(InputTable input) {
    ObjectNode node = JSON.objectNode();
    node.put("table", input.table().toString());
    node.set("partition_columns", strings(input.partitionColumns()));
    node.set("partition_predicates", strings(input.partitionPredicates()));
    node.set("dependency", of(input.dependency()));
    return node;
  }

  private static ObjectNode of(PartitionDependency dependency) {
    ObjectNode node = JSON.objectNode();
    switch (dependency) {
      case PartitionDependency.Identity identity -> {
        node.put("kind", "identity");
        node.put("unit", identity.unit().name());
      }
      case PartitionDependency.Window window -> {
        node.put("kind", "window");
        node.put("unit", window.unit().name());
        node.put("from", window.from());
        node.put("to", window.to());
      }
      case PartitionDependency.Offsets offsets -> {
        node.put("kind", "offsets");
        node.put("unit", offsets.unit().name());
        ArrayNode values = node.putArray("offsets");
        offsets.offsets().forEach(values::add);
      }
      case PartitionDependency.Coarsening coarsening -> {
        node.put("kind", "coarsening");
        node.put("unit", coarsening.unit().name());
        node.put("input_unit", coarsening.inputUnit().name());
      }
      case PartitionDependency.All all -> node.put("kind", "all");
    }
    node.put("description", dependency.describe());
    return node;
  }

  private static ObjectNode of(OutputTable output) {
    ObjectNode node = JSON.objectNode();
    node.put("table", output.table().toString());
    node.put("write_mode", output.writeMode().name());
    node.set("partition_columns", strings(output.partitionColumns()));
    node.set("written_partition", output.writtenPartition().<JsonNode>map(JSON::textNode).orElse(JSON.nullNode()));
    node.set("written_unit", output.writtenUnit().<JsonNode>map(u -> JSON.textNode(u.name())).orElse(JSON.nullNode()));
    return node;
  }

  private static ObjectNode of(ColumnLineage lineage) {
    ObjectNode node = JSON.objectNode();
    node.put("column", lineage.column().toLowerCase(Locale.ROOT));
    node.put("kind", lineage.kind().name());
    node.set("sources", strings(lineage.sources().stream().map(Object::toString).toList()));
    return node;
  }

  private static ArrayNode strings(Collection<String> values) {
    ArrayNode array = JSON.arrayNode();
    values.forEach(array::add);
    return array;
  }
}
