package io.dataflow.gateway.server.resources;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataflow.gateway.annotator.Dialect;
import io.dataflow.gateway.annotator.TableName;
import io.dataflow.gateway.annotator.schema.ColumnSchema;
import io.dataflow.gateway.annotator.schema.TableSchema;
import io.dataflow.gateway.importer.AirflowConnection;
import io.dataflow.gateway.importer.AirflowException;
import io.dataflow.gateway.importer.AirflowVersion;
import io.dataflow.gateway.importer.Importers;
import io.dataflow.gateway.planner.model.InvalidDataflowException;
import io.dataflow.gateway.server.cli.AnnotationJson;
import io.dataflow.gateway.server.cli.ModelJson;
import io.dataflow.gateway.server.migration.AirflowReference;
import io.dataflow.gateway.server.migration.AirflowUnavailableException;
import io.dataflow.gateway.server.migration.MigrationConflictException;
import io.dataflow.gateway.server.migration.MigrationMode;
import io.dataflow.gateway.server.migration.PartitionComparison;
import io.dataflow.gateway.server.migration.ShadowReport;
import io.dataflow.gateway.server.migration.DagService;
import io.dataflow.gateway.server.migration.ImportRecord;
import io.dataflow.gateway.server.migration.ReadinessReport;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Imports of Airflow DAGs (from a live Airflow or an exported snapshot) and their migration into the
 * dataflow: {@code POST /imports}, {@code GET /imports/{id}}, {@code GET /dags}, {@code GET
 * /dags/{dagId}}, {@code GET /dags/{dagId}/readiness}, {@code POST /dags/{dagId}/migrate} (in shadow
 * or production), {@code GET /dags/{dagId}/shadow}, {@code POST /dags/{dagId}/cutover}, {@code POST
 * /dags/{dagId}/rollback}.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class DagsResource {

  private final DagService dags;
  private final java.util.function.Function<String, String> environment;

  public DagsResource(DagService dags) {
    this(dags, System::getenv);
  }

  /** @param environment reads the gateway's environment variables (null when unset) */
  public DagsResource(DagService dags, java.util.function.Function<String, String> environment) {
    this.dags = dags;
    this.environment = environment;
  }

  /**
   * An import request: either {@code snapshot}, a directory written by the {@code export} command on
   * the gateway's machine, or {@code airflow}, a live Airflow whose secrets are named, never given:
   * they are read from the gateway's environment.
   */
  public record ImportRequest(@JsonProperty("snapshot") String snapshot, @JsonProperty("airflow") AirflowReference airflow) {}

  @POST
  @Path("/imports")
  public Response importDags(ImportRequest request) {
    boolean snapshot = request != null && request.snapshot() != null && !request.snapshot().isBlank();
    boolean live = request != null && request.airflow() != null;
    if (snapshot == live) {
      throw Problem.invalid("snapshot", "give either snapshot (an exported snapshot directory on the gateway's machine)"
          + " or airflow (url, version and the names of the environment variables holding its credentials)");
    }
    ImportRecord record;
    if (snapshot) {
      java.nio.file.Path directory = java.nio.file.Path.of(request.snapshot());
      if (!Files.isDirectory(directory)) {
        throw Problem.invalid("snapshot", "snapshot " + request.snapshot() + " is not a directory on the gateway's machine");
      }
      try {
        record = dags.importDags(Importers.snapshot(directory), "snapshot " + directory.toAbsolutePath().normalize());
      } catch (AirflowException e) {
        throw Problem.invalid("snapshot", e.getMessage());
      }
    } else {
      AirflowConnection connection = connection(request.airflow());
      try {
        record = dags.importDags(Importers.live(connection),
            "Airflow " + (connection.version() == AirflowVersion.AIRFLOW_2 ? "2" : "3") + " at " + connection.baseUrl(),
            java.util.Optional.of(request.airflow()));
      } catch (AirflowException e) {
        throw Problem.of(Response.Status.BAD_GATEWAY, "Airflow at " + connection.baseUrl() + " could not be read: " + e.getMessage());
      }
    }
    return Response.status(Response.Status.CREATED).entity(importJson(record)).build();
  }

  private AirflowConnection connection(AirflowReference airflow) {
    try {
      return airflow.connection(environment, "airflow");
    } catch (AirflowReference.InvalidReference e) {
      throw Problem.invalid("airflow." + e.field(), e.getMessage());
    }
  }

  @GET
  @Path("/imports/{id}")
  public ObjectNode importRecord(@PathParam("id") String id) {
    return dags.importRecord(id).map(DagsResource::importJson)
        .orElseThrow(() -> Problem.of(Response.Status.NOT_FOUND, "No import " + id));
  }

  @GET
  @Path("/dags")
  public ObjectNode list() {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    ArrayNode items = body.putArray("dags");
    for (DagService.DagView view : dags.dags()) {
      ObjectNode item = items.addObject();
      item.put("dagId", view.dagId());
      item.put("importedAt", view.importedAt().toString());
      item.put("migratedAt", view.migratedAt().map(Object::toString).orElse(null));
      item.put("tasks", view.tasks().size());
      ObjectNode counts = item.putObject("translation");
      for (DagService.TranslationStatus status : DagService.TranslationStatus.values()) {
        counts.put(status.name().toLowerCase(Locale.ROOT), view.tasks().stream().filter(t -> t.status() == status).count());
      }
    }
    return body;
  }

  @GET
  @Path("/dags/{dagId}")
  public ObjectNode dag(@PathParam("dagId") String dagId) {
    ObjectNode body = dags.dag(dagId).map(DagsResource::dagJson)
        .orElseThrow(() -> Problem.of(Response.Status.NOT_FOUND, "No imported DAG " + dagId));
    ShadowReport report = dags.shadow(dagId);
    if (report.mode() == MigrationMode.SHADOW || !report.partitions().isEmpty()) {
      ObjectNode summary = ((ObjectNode) body.get("migration")).putObject("shadow");
      summary.put("cleanPartitions", report.clean());
      summary.put("differentPartitions", report.different());
      summary.put("failedPartitions", report.failed());
      summary.put("missingPartitions", report.missing());
      summary.put("pendingPartitions", report.pending());
      summary.put("readyForCutover", report.readyForCutover());
      summary.put("reason", report.reason());
    }
    return body;
  }

  /**
   * The readiness report of a DAG: JSON, or Markdown with {@code format=markdown}.
   */
  @GET
  @Path("/dags/{dagId}/readiness")
  @Produces({MediaType.APPLICATION_JSON, "text/markdown"})
  public Response readiness(@PathParam("dagId") String dagId, @jakarta.ws.rs.QueryParam("format") String format) {
    ReadinessReport report = dags.readiness(dagId)
        .orElseThrow(() -> Problem.of(Response.Status.NOT_FOUND, "No imported DAG " + dagId));
    if (format == null || format.equals("json")) {
      return Response.ok(ModelJson.MAPPER.valueToTree(report), MediaType.APPLICATION_JSON).build();
    }
    if (format.equals("markdown")) {
      return Response.ok(report.markdown(), "text/markdown; charset=utf-8").build();
    }
    throw Problem.invalid("format", "format must be json or markdown, not '" + format + "'");
  }

  /**
   * A migration request.
   *
   * @param tasks the tasks to migrate; all tasks with SQL when absent
   * @param tables schemas of the output tables to create
   * @param dialects the dialect of each Airflow connection id, where the operator does not imply it
   * @param mode {@code production} (the default: the tasks write the real tables) or {@code shadow}
   *     (they write shadow tables, compared with what Airflow keeps producing)
   */
  public record MigrateRequest(
      @JsonProperty("tasks") List<String> tasks,
      @JsonProperty("tables") List<TableRequest> tables,
      @JsonProperty("dialects") Map<String, String> dialects,
      @JsonProperty("mode") String mode) {}

  /** A table to create: its name as the SQL writes it, its columns and partition columns. */
  public record TableRequest(
      @JsonProperty("name") String name,
      @JsonProperty("columns") List<ColumnRequest> columns,
      @JsonProperty("partitionColumns") List<String> partitionColumns) {}

  public record ColumnRequest(@JsonProperty("name") String name, @JsonProperty("type") String type) {}

  /**
   * Migrates the DAG's tasks (all with SQL, or those listed) into the dataflow. In {@code production}
   * mode (the default) they write the real tables. In {@code shadow} mode each output goes to a shadow
   * table ({@code <schema>__shadow.<table>}, created with the real table's columns and partitioning)
   * while Airflow keeps producing the real tables; every partition is compared whenever either side
   * changes ({@code GET /dags/{dagId}/shadow}). 409 for a shadow run of a DAG in production, or a
   * production migration of a DAG in shadow (use {@code cutover}).
   */
  @POST
  @Path("/dags/{dagId}/migrate")
  public ObjectNode migrate(@PathParam("dagId") String dagId, MigrateRequest request) {
    MigrateRequest body = request == null ? new MigrateRequest(null, null, null, null) : request;
    MigrationMode mode = switch (body.mode() == null ? "production" : body.mode()) {
      case "production" -> MigrationMode.PRODUCTION;
      case "shadow" -> MigrationMode.SHADOW;
      default -> throw Problem.invalid("mode", "mode must be production (the default) or shadow, not '" + body.mode() + "'");
    };
    try {
      return dagJson(dags.migrate(dagId, new DagService.MigrateRequest(
          body.tasks() == null ? List.of() : body.tasks(), tables(body.tables()), dialects(body.dialects()), mode)));
    } catch (NoSuchElementException e) {
      throw Problem.of(Response.Status.NOT_FOUND, e.getMessage());
    } catch (MigrationConflictException e) {
      throw conflict(e);
    } catch (InvalidDataflowException e) {
      throw Problem.of(Response.Status.CONFLICT, e.getMessage());
    } catch (IllegalArgumentException e) {
      String message = e.getMessage();
      int colon = message.indexOf(':');
      throw Problem.invalid(colon > 0 && !message.substring(0, colon).contains(" ") ? message.substring(0, colon) : "tasks", message);
    }
  }

  /**
   * How the DAG's shadow run compares with what Airflow produces: per table and partition, matching or
   * different (with row counts, checksums, the snapshots compared and, for a partition that differs,
   * sample rows of each side), missing on one side, pending or failed; the number of clean partitions;
   * and whether it is ready for a cut-over.
   */
  @GET
  @Path("/dags/{dagId}/shadow")
  public ObjectNode shadow(@PathParam("dagId") String dagId) {
    try {
      return shadowJson(dags.shadow(dagId));
    } catch (NoSuchElementException e) {
      throw Problem.of(Response.Status.NOT_FOUND, e.getMessage());
    }
  }

  /**
   * A cut-over request: {@code force} cuts over a DAG that is not in shadow, or whose shadow run is not
   * ready; {@code remainingTasks} says where the tasks the dataflow does not run go: {@code fallback}
   * (the default: the whole DAG is paused in Airflow, the Quartz fallback runs those it can) or {@code
   * airflow} (they stay in Airflow, in the DAG deployed there without the migrated tasks).
   */
  public record CutoverRequest(@JsonProperty("force") Boolean force, @JsonProperty("remainingTasks") String remainingTasks) {}

  /**
   * Moves the DAG from its shadow run to production. First the DAG is paused in its Airflow (the one it
   * was imported from, else the configuration's {@code airflow:}); if Airflow refuses or cannot be
   * reached, 502 naming it, and nothing changes. Then the dataflow writes the real tables instead of the
   * shadow tables (it recomputes each of their partitions once; the shadow tables are kept, no longer
   * written) and the cut-over time is recorded. 409 for a DAG that is not in shadow or whose shadow run
   * is not ready, unless {@code force}. The answer lists the tasks the dataflow does not run, with what
   * keeps them running: the gateway runs none of them once the DAG is paused.
   */
  @POST
  @Path("/dags/{dagId}/cutover")
  public ObjectNode cutover(@PathParam("dagId") String dagId, CutoverRequest request) {
    boolean force = request != null && Boolean.TRUE.equals(request.force());
    String remainingTasks = request == null || request.remainingTasks() == null ? "fallback" : request.remainingTasks();
    DagService.RemainingTasks remaining = switch (remainingTasks) {
      case "fallback" -> DagService.RemainingTasks.FALLBACK;
      case "airflow" -> DagService.RemainingTasks.AIRFLOW;
      default -> throw Problem.invalid("remainingTasks", "remainingTasks must be fallback (the default: the whole DAG is paused in Airflow"
          + " and the gateway's Quartz fallback runs the tasks it can) or airflow (they stay in Airflow, in the DAG deployed there without"
          + " the migrated tasks), not '" + remainingTasks + "'");
    };
    try {
      return withAirflow(() -> {
        DagService.Cutover cutover = dags.cutover(dagId, force, remaining);
        ObjectNode body = dagJson(cutover.dag());
        ArrayNode untranslated = body.putArray("untranslated");
        for (DagService.Untranslated task : cutover.untranslated()) {
          ObjectNode item = untranslated.addObject();
          item.put("taskId", task.taskId());
          item.put("operator", task.operator());
          item.put("reason", task.reason());
          item.put("runsNow", task.runsNow());
          item.put("toKeepItRunning", task.toKeepItRunning());
        }
        return body;
      });
    } catch (InvalidDataflowException e) {
      throw Problem.of(Response.Status.CONFLICT, e.getMessage());
    }
  }

  /**
   * Completes a cut-over whose other tasks stay in Airflow: reads the DAG back from its Airflow and,
   * once it is deployed there without the tasks the dataflow runs, unpauses it. 409 naming the tasks
   * while it still has them (it stays paused), 502 if Airflow cannot be read or does not unpause it.
   */
  @POST
  @Path("/dags/{dagId}/cutover/complete")
  public ObjectNode completeCutover(@PathParam("dagId") String dagId) {
    return withAirflow(() -> dagJson(dags.completeCutover(dagId)));
  }

  /**
   * Takes the DAG's tasks out of the dataflow (its data stays as written) and, if the cut-over paused
   * the DAG in Airflow, unpauses it. The order keeps the DAG's tables from ever having two producers:
   * the dataflow stops starting the DAG's tasks first and the runs under way end (each dataflow commit
   * is atomic, so Airflow takes over from the last committed partitions), then Airflow unpauses the
   * DAG. 409 with {@code Retry-After} if runs are still under way after {@code migration.rollbackWait}:
   * the dataflow no longer produces, Airflow stays paused; call again. 502 if Airflow cannot unpause
   * the DAG: the dataflow side is rolled back and nothing produces the tables until the rollback is
   * called again (or the DAG is unpaused in Airflow); {@code GET /dags/{dagId}} says so in {@code
   * migration.producer}.
   */
  @POST
  @Path("/dags/{dagId}/rollback")
  public ObjectNode rollback(@PathParam("dagId") String dagId) {
    return withAirflow(() -> dagJson(dags.rollback(dagId)));
  }

  /**
   * Runs a step of a DAG's migration that talks to its Airflow, with the errors of such steps: 404 for
   * an unknown DAG, 409 (with {@code Retry-After} when known) for a conflict, 502 when Airflow refused
   * or could not be reached.
   */
  private static ObjectNode withAirflow(java.util.function.Supplier<ObjectNode> step) {
    try {
      return step.get();
    } catch (NoSuchElementException e) {
      throw Problem.of(Response.Status.NOT_FOUND, e.getMessage());
    } catch (MigrationConflictException e) {
      throw conflict(e);
    } catch (AirflowUnavailableException e) {
      throw Problem.of(Response.Status.BAD_GATEWAY, e.getMessage());
    }
  }

  private static jakarta.ws.rs.WebApplicationException conflict(MigrationConflictException e) {
    Response problem = Problem.response(Response.Status.CONFLICT, e.getMessage(), java.util.Optional.empty());
    Response.ResponseBuilder answer = Response.fromResponse(problem);
    e.retryAfter().ifPresent(after -> answer.header("Retry-After", after.toSeconds()));
    return new jakarta.ws.rs.WebApplicationException(answer.build());
  }

  private static ObjectNode shadowJson(ShadowReport report) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("dagId", report.dagId());
    body.put("mode", report.mode().label());
    body.put("shadowStartedAt", report.shadowStartedAt().map(Object::toString).orElse(null));
    body.put("requiredCleanPartitions", report.requiredCleanPartitions());
    body.put("cleanPartitions", report.clean());
    body.put("differentPartitions", report.different());
    body.put("failedPartitions", report.failed());
    body.put("missingPartitions", report.missing());
    body.put("pendingPartitions", report.pending());
    body.put("readyForCutover", report.readyForCutover());
    body.put("reason", report.reason());
    ArrayNode tables = body.putArray("tables");
    Map<String, ArrayNode> byTable = new LinkedHashMap<>();
    report.shadowTables().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
      ObjectNode table = tables.addObject();
      table.put("table", e.getKey());
      table.put("shadowTable", e.getValue());
      byTable.put(e.getKey(), table.putArray("partitions"));
    });
    for (PartitionComparison comparison : report.partitions()) {
      ArrayNode partitions = byTable.computeIfAbsent(comparison.realTable(), t -> {
        ObjectNode table = tables.addObject();
        table.put("table", t);
        table.put("shadowTable", comparison.shadowTable());
        return table.putArray("partitions");
      });
      ObjectNode item = partitions.addObject();
      item.put("partition", comparison.partition());
      item.put("state", comparison.state().name().toLowerCase(Locale.ROOT));
      item.put("changedAt", comparison.changedAt().toString());
      item.put("comparedAt", comparison.comparedAt().map(Object::toString).orElse(null));
      comparison.real().ifPresent(side -> item.set("real", sideJson(side)));
      comparison.shadow().ifPresent(side -> item.set("shadow", sideJson(side)));
      if (comparison.state() == PartitionComparison.State.DIFFERENT) {
        ObjectNode samples = item.putObject("samples");
        samples.set("onlyInReal", ModelJson.MAPPER.valueToTree(comparison.onlyInReal()));
        samples.set("onlyInShadow", ModelJson.MAPPER.valueToTree(comparison.onlyInShadow()));
      }
      comparison.error().ifPresent(e -> item.put(comparison.state() == PartitionComparison.State.FAILED ? "error" : "detail", e));
    }
    return body;
  }

  private static ObjectNode sideJson(PartitionComparison.Side side) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("snapshotId", side.snapshotId());
    node.put("rows", side.rows());
    node.put("checksum", side.checksum());
    return node;
  }

  private static List<TableSchema> tables(List<TableRequest> tables) {
    List<TableSchema> schemas = new ArrayList<>();
    if (tables == null) {
      return schemas;
    }
    for (int i = 0; i < tables.size(); i++) {
      TableRequest table = tables.get(i);
      String field = "tables[" + i + "]";
      if (table == null || table.name() == null || table.name().isBlank()) {
        throw Problem.invalid(field + ".name", field + ".name is required: the table's name as the SQL writes it");
      }
      if (table.columns() == null || table.columns().isEmpty()) {
        throw Problem.invalid(field + ".columns", "table " + table.name() + " needs its columns");
      }
      try {
        List<ColumnSchema> columns = new ArrayList<>();
        for (ColumnRequest column : table.columns()) {
          columns.add(new ColumnSchema(column.name(), column.type()));
        }
        schemas.add(new TableSchema(TableName.of(table.name()), columns,
            table.partitionColumns() == null ? List.of() : table.partitionColumns()));
      } catch (IllegalArgumentException | NullPointerException e) {
        throw Problem.invalid(field, "table " + table.name() + ": " + e.getMessage());
      }
    }
    return schemas;
  }

  private static Map<String, Dialect> dialects(Map<String, String> dialects) {
    Map<String, Dialect> result = new LinkedHashMap<>();
    if (dialects != null) {
      dialects.forEach((connection, dialect) -> {
        try {
          result.put(connection, Dialect.valueOf(dialect.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException | NullPointerException e) {
          throw Problem.invalid("dialects." + connection, "Unknown dialect '%s' for connection %s; expected one of %s"
              .formatted(dialect, connection, List.of(Dialect.values())));
        }
      });
    }
    return result;
  }

  private static ObjectNode importJson(ImportRecord record) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("id", record.id());
    body.put("source", record.source());
    body.put("startedAt", record.startedAt().toString());
    body.put("finishedAt", record.finishedAt().toString());
    ArrayNode items = body.putArray("dags");
    for (ImportRecord.DagResult result : record.dags()) {
      ObjectNode item = items.addObject();
      item.put("dagId", result.dagId());
      item.put("outcome", result.outcome().name().toLowerCase(Locale.ROOT));
      result.detail().ifPresent(d -> item.put("detail", d));
    }
    return body;
  }

  private static ObjectNode dagJson(DagService.DagView view) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("dagId", view.dagId());
    body.put("fingerprint", view.fingerprint());
    body.put("importId", view.importId());
    body.put("importedAt", view.importedAt().toString());
    body.put("migratedAt", view.migratedAt().map(Object::toString).orElse(null));
    JsonNode dag = ModelJson.MAPPER.valueToTree(view.dag());
    body.set("schedule", dag.path("schedule"));
    body.put("catchup", view.dag().catchup());
    body.put("paused", view.dag().paused());
    DagService.Migration state = view.migration();
    ObjectNode migration = body.putObject("migration");
    migration.put("mode", state.mode().label());
    migration.put("producer", state.producer());
    migration.put("shadowStartedAt", state.shadowStartedAt().map(Object::toString).orElse(null));
    migration.put("cutoverAt", state.cutoverAt().map(Object::toString).orElse(null));
    migration.set("shadowTables", ModelJson.MAPPER.valueToTree(state.shadowTables()));
    state.airflow().ifPresent(a -> migration.set("airflow", ModelJson.MAPPER.valueToTree(a)));
    migration.put("airflowFrom", state.airflowFrom().orElse(null));
    if (state.airflowPaused().isPresent()) {
      migration.put("airflowPaused", state.airflowPaused().get());
    } else {
      migration.putNull("airflowPaused");
    }
    migration.put("airflowPausedAt", state.airflowPausedAt().map(Object::toString).orElse(null));
    migration.put("remainingTasks", state.remainingTasks().map(DagService.RemainingTasks::label).orElse(null));
    if (state.airflowTasks().isPresent()) {
      migration.set("airflowTasks", ModelJson.MAPPER.valueToTree(state.airflowTasks().get()));
    } else {
      migration.putNull("airflowTasks");
    }
    ArrayNode tasks = body.putArray("tasks");
    for (DagService.TaskView task : view.tasks()) {
      ObjectNode item = tasks.addObject();
      item.put("taskId", task.taskId());
      item.put("operator", task.operator());
      item.put("translation", task.status().name().toLowerCase(Locale.ROOT));
      task.reason().ifPresent(r -> item.put("reason", r));
      item.put("sqlOrigin", task.sqlOrigin());
      task.sql().ifPresent(s -> item.put("sql", s));
      item.put("dialect", task.dialect().name());
      task.annotation().ifPresent(a -> item.set("annotation", AnnotationJson.of(a)));
      task.annotationError().ifPresent(e -> item.put("annotationError", e));
    }
    return body;
  }
}
