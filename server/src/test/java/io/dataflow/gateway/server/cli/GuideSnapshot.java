package io.dataflow.gateway.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A snapshot, as {@code export} writes it, of an Airflow 2 serving one DAG file of a guide that has
 * not run yet: the file is the DAG's source, its tasks are the operators it declares as
 * {@code Operator(task_id="…", …)}, their classes' modules as its {@code from … import …} lines name
 * them. The documents are the fixtures' (shaped as the Airflow 2 REST API returns them) with these
 * values put in.
 */
final class GuideSnapshot {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern DAG_ID = Pattern.compile("\\bDAG\\(\\s*(?:dag_id\\s*=\\s*)?\"([^\"]+)\"");
  private static final Pattern TASK = Pattern.compile("\\b([A-Z]\\w*)\\(\\s*task_id\\s*=\\s*\"([^\"]+)\"");
  private static final Pattern IMPORT = Pattern.compile("(?m)^from\\s+(\\S+)\\s+import\\s+(.+)$");
  private static final String FIXTURE = "v1/dags/ecommerce_daily/";

  private GuideSnapshot() {}

  /**
   * Writes the snapshot of {@code dagFile} into {@code directory}.
   *
   * @param where the example's place, for messages
   * @return the DAG's id
   * @throws IllegalArgumentException when the file declares no DAG id or no task, or a task's class is not imported
   */
  static String write(String dagFile, Path directory, String where) {
    Matcher dag = DAG_ID.matcher(dagFile);
    if (!dag.find()) {
      throw new IllegalArgumentException(where + ": the DAG file declares no DAG(dag_id=\"…\")");
    }
    String dagId = dag.group(1);
    Map<String, String> modules = new HashMap<>();
    Matcher imported = IMPORT.matcher(dagFile);
    while (imported.find()) {
      for (String name : imported.group(2).split(",")) {
        modules.put(name.strip(), imported.group(1));
      }
    }
    Map<String, String> operators = new LinkedHashMap<>();
    Matcher task = TASK.matcher(dagFile);
    while (task.find()) {
      operators.put(task.group(2), task.group(1));
    }
    if (operators.isEmpty()) {
      throw new IllegalArgumentException(where + ": the DAG file declares no task as Operator(task_id=\"…\", …)");
    }

    String fileloc = "/opt/airflow/dags/" + dagId + ".py";
    ObjectNode details = (ObjectNode) AirflowStub.json(FIXTURE + "details.json");
    details.put("dag_id", dagId).put("dag_display_name", dagId).put("fileloc", fileloc).put("file_token", dagId + "-source");
    ObjectNode listed = null;
    for (JsonNode entry : AirflowStub.json("v1/dags.json").get("dags")) {
      if (entry.get("dag_id").asText().equals("ecommerce_daily")) {
        listed = ((ObjectNode) entry.deepCopy()).put("dag_id", dagId).put("dag_display_name", dagId).put("fileloc", fileloc)
            .put("file_token", dagId + "-source");
      }
    }
    ObjectNode dags = JSON.createObjectNode();
    dags.putArray("dags").add(listed);
    dags.put("total_entries", 1);

    JsonNode fixtureTasks = AirflowStub.json(FIXTURE + "tasks.json").get("tasks");
    ArrayNode taskList = JSON.createArrayNode();
    operators.forEach((taskId, operator) -> {
      String module = modules.get(operator);
      if (module == null) {
        throw new IllegalArgumentException(where + ": task " + taskId + " is a " + operator + ", which no 'from … import' line names");
      }
      ObjectNode entry = (ObjectNode) fixtureTasks.get(0).deepCopy();
      for (JsonNode candidate : fixtureTasks) {
        if (candidate.at("/class_ref/class_name").asText().equals(operator)) {
          entry = (ObjectNode) candidate.deepCopy();
        }
      }
      entry.putObject("class_ref").put("module_path", module).put("class_name", operator);
      entry.put("task_id", taskId).put("task_display_name", taskId).put("operator_name", operator);
      entry.putArray("downstream_task_ids");
      taskList.add(entry);
    });
    ObjectNode tasks = JSON.createObjectNode();
    tasks.set("tasks", taskList);
    tasks.put("total_entries", taskList.size());

    ObjectNode manifest = JSON.createObjectNode().put("format", "dataflow-gateway/airflow-snapshot").put("format_version", 1)
        .put("api", "v1").put("exported_at", Launcher.NOW.toString());
    ObjectNode runs = JSON.createObjectNode();
    runs.putArray("dag_runs");
    runs.put("total_entries", 0);
    ObjectNode datasets = JSON.createObjectNode();
    datasets.putArray("datasets");
    datasets.put("total_entries", 0);

    Path dagDirectory = directory.resolve("dags").resolve(dagId);
    write(directory.resolve("snapshot.json"), manifest);
    write(directory.resolve("dags.json"), dags);
    write(directory.resolve("datasets.json"), datasets);
    write(dagDirectory.resolve("details.json"), details);
    write(dagDirectory.resolve("tasks.json"), tasks);
    write(dagDirectory.resolve("source.json"), JSON.createObjectNode().put("content", dagFile));
    write(dagDirectory.resolve("dagRuns.json"), runs);
    return dagId;
  }

  private static void write(Path file, JsonNode document) {
    try {
      Files.createDirectories(file.getParent());
      JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), document);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
