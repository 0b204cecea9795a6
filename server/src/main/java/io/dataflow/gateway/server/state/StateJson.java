package io.dataflow.gateway.server.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataflow.gateway.planner.model.DatasetId;
import io.dataflow.gateway.planner.model.Granularity;
import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.model.PartitionRef;
import io.dataflow.gateway.planner.model.TransformId;
import io.dataflow.gateway.planner.state.Cause;
import io.dataflow.gateway.planner.state.PartitionRecord;
import io.dataflow.gateway.planner.state.PartitionState;
import io.dataflow.gateway.planner.state.PartitionVersion;
import io.dataflow.gateway.planner.state.Provenance;
import io.dataflow.gateway.planner.state.RunId;
import io.dataflow.gateway.planner.state.Task;
import io.dataflow.gateway.planner.state.TaskId;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The JSON form of partition records and causes as PostgreSQL keeps them. Written by hand rather
 * than by reflection so that the stored form is explicit and survives refactoring of the records.
 */
final class StateJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private StateJson() {}

  /** A partition key as a sortable text column: empty for the single unpartitioned key. */
  static String keyColumn(PartitionKey key) {
    return switch (key) {
      case PartitionKey.Unpartitioned u -> "";
      case PartitionKey.Period p -> p.unit().name() + ":" + p.start();
    };
  }

  /** The key {@link #keyColumn} wrote as {@code text}. */
  static PartitionKey keyOf(String text) {
    if (text.isEmpty()) {
      return PartitionKey.unpartitioned();
    }
    int colon = text.indexOf(':');
    if (colon < 1) {
      throw new IllegalArgumentException("Invalid partition key column '" + text + "': expected UNIT:start or nothing");
    }
    return PartitionKey.of(Granularity.valueOf(text.substring(0, colon)), start(text.substring(colon + 1)));
  }

  static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write partition state", e);
    }
  }

  static JsonNode read(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Stored partition state is not JSON: " + e.getOriginalMessage(), e);
    }
  }

  // ---- records ------------------------------------------------------------------------

  static ObjectNode record(PartitionRecord record) {
    ObjectNode node = MAPPER.createObjectNode();
    node.set("ref", ref(record.ref()));
    node.set("state", state(record.state()));
    record.version().ifPresent(v -> node.set("version", version(v)));
    record.provenance().ifPresent(p -> node.set("provenance", provenance(p)));
    return node;
  }

  static PartitionRecord record(JsonNode node) {
    return new PartitionRecord(
        ref(node.get("ref")),
        state(node.get("state")),
        node.hasNonNull("version") ? Optional.of(version(node.get("version"))) : Optional.empty(),
        node.hasNonNull("provenance") ? Optional.of(provenance(node.get("provenance"))) : Optional.empty());
  }

  // ---- states -------------------------------------------------------------------------

  private static ObjectNode state(PartitionState state) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("kind", state.kind().name());
    switch (state) {
      case PartitionState.Fresh f -> {}
      case PartitionState.Stale s -> {}
      case PartitionState.Pending p -> {
        node.set("task", task(p.task()));
        node.put("notBefore", p.notBefore().toString());
      }
      case PartitionState.Running r -> {
        node.set("task", task(r.task()));
        node.put("run", r.run().value());
        node.set("reads", provenance(r.reads()));
      }
      case PartitionState.Failed f -> {
        node.put("error", f.error());
        node.put("task", f.task().value());
      }
      case PartitionState.Blocked b -> node.set("cause", ref(b.cause()));
      case PartitionState.WaitingForData w -> {
        node.put("dataset", w.dataset().name());
        ArrayNode missing = node.putArray("missing");
        w.missing().forEach(k -> missing.add(key(k)));
      }
    }
    return node;
  }

  private static PartitionState state(JsonNode node) {
    PartitionState.Kind kind = PartitionState.Kind.valueOf(node.get("kind").asText());
    return switch (kind) {
      case FRESH -> new PartitionState.Fresh();
      case STALE -> new PartitionState.Stale();
      case PENDING -> new PartitionState.Pending(task(node.get("task")), Instant.parse(node.get("notBefore").asText()));
      case RUNNING -> new PartitionState.Running(task(node.get("task")), new RunId(node.get("run").asText()), provenance(node.get("reads")));
      case FAILED -> new PartitionState.Failed(node.get("error").asText(), new TaskId(node.get("task").asText()));
      case BLOCKED -> new PartitionState.Blocked(ref(node.get("cause")));
      case WAITING_FOR_DATA -> {
        TreeSet<PartitionKey> missing = new TreeSet<>();
        node.get("missing").forEach(k -> missing.add(key(k)));
        yield new PartitionState.WaitingForData(DatasetId.of(node.get("dataset").asText()), missing);
      }
    };
  }

  // ---- tasks, provenance, versions -------------------------------------------------------

  private static ObjectNode task(Task task) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("id", task.id().value());
    node.put("transform", task.transform().name());
    node.put("output", task.output().name());
    ArrayNode partitions = node.putArray("partitions");
    task.partitions().forEach(k -> partitions.add(key(k)));
    node.put("strategy", task.strategy().name());
    node.put("reason", task.reason());
    node.put("attempt", task.attempt());
    node.put("priority", task.priority());
    return node;
  }

  private static Task task(JsonNode node) {
    TreeSet<PartitionKey> partitions = new TreeSet<>();
    node.get("partitions").forEach(k -> partitions.add(key(k)));
    return new Task(
        new TaskId(node.get("id").asText()),
        TransformId.of(node.get("transform").asText()),
        DatasetId.of(node.get("output").asText()),
        partitions,
        Task.Strategy.valueOf(node.get("strategy").asText()),
        node.get("reason").asText(),
        node.get("attempt").asInt(),
        node.get("priority").asLong());
  }

  private static ObjectNode provenance(Provenance provenance) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("fingerprint", provenance.fingerprint());
    ArrayNode inputs = node.putArray("inputs");
    provenance.inputs().forEach((ref, version) -> {
      ObjectNode input = inputs.addObject();
      input.set("ref", ref(ref));
      input.set("version", version(version));
    });
    return node;
  }

  private static Provenance provenance(JsonNode node) {
    TreeMap<PartitionRef, PartitionVersion> inputs = new TreeMap<>();
    node.get("inputs").forEach(input -> inputs.put(ref(input.get("ref")), version(input.get("version"))));
    return Provenance.of(node.get("fingerprint").asText(), inputs);
  }

  private static ObjectNode version(PartitionVersion version) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("snapshotId", version.snapshotId());
    version.checksum().ifPresent(c -> node.put("checksum", c));
    return node;
  }

  private static PartitionVersion version(JsonNode node) {
    long snapshot = node.get("snapshotId").asLong();
    return node.hasNonNull("checksum")
        ? PartitionVersion.of(snapshot, node.get("checksum").asText())
        : PartitionVersion.of(snapshot);
  }

  // ---- references and keys ----------------------------------------------------------------

  static ObjectNode ref(PartitionRef ref) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("dataset", ref.dataset().name());
    node.set("key", key(ref.key()));
    return node;
  }

  static PartitionRef ref(JsonNode node) {
    return new PartitionRef(DatasetId.of(node.get("dataset").asText()), key(node.get("key")));
  }

  private static JsonNode key(PartitionKey key) {
    ObjectNode node = MAPPER.createObjectNode();
    switch (key) {
      case PartitionKey.Unpartitioned u -> node.put("unpartitioned", true);
      case PartitionKey.Period p -> {
        node.put("unit", p.unit().name());
        node.put("start", p.start().toString());
      }
    }
    return node;
  }

  private static PartitionKey key(JsonNode node) {
    if (node.path("unpartitioned").asBoolean(false)) {
      return PartitionKey.unpartitioned();
    }
    return PartitionKey.of(Granularity.valueOf(node.get("unit").asText()), start(node.get("start").asText()));
  }

  /**
   * A partition's start as {@link LocalDateTime#toString()} wrote it. Keys are whole hours, so the
   * text is {@code 2024-01-10T05:00}, read here digit by digit: every stored key and every input of a
   * provenance is one, and {@link LocalDateTime#parse} took a quarter of the time of reading a
   * dataset's partitions. Any other form goes to {@link LocalDateTime#parse}.
   */
  static LocalDateTime start(String text) {
    if (text.length() == 16 && text.charAt(4) == '-' && text.charAt(7) == '-' && text.charAt(10) == 'T' && text.charAt(13) == ':') {
      int year = digits(text, 0, 4);
      int month = digits(text, 5, 7);
      int day = digits(text, 8, 10);
      int hour = digits(text, 11, 13);
      int minute = digits(text, 14, 16);
      if (year >= 0 && month >= 0 && day >= 0 && hour >= 0 && minute >= 0) {
        try {
          return LocalDateTime.of(year, month, day, hour, minute);
        } catch (java.time.DateTimeException e) {
          // not a valid date: LocalDateTime.parse reports it
        }
      }
    }
    return LocalDateTime.parse(text);
  }

  /** The number written by the ASCII digits of {@code text} from {@code from} to {@code to}, or -1. */
  private static int digits(String text, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  // ---- causes -------------------------------------------------------------------------------

  static ObjectNode cause(Cause cause) {
    ObjectNode node = MAPPER.createObjectNode();
    switch (cause) {
      case Cause.SnapshotEvent e -> node.put("type", "snapshot-event").put("eventId", e.eventId());
      case Cause.Run r -> node.put("type", "run").put("run", r.run().value());
      case Cause.GraphChange g -> node.put("type", "graph-change").put("version", g.version());
      case Cause.Backfill b -> node.put("type", "backfill").put("backfillId", b.backfillId());
      case Cause.Planning p -> node.put("type", "planning").put("decision", p.decision());
      case Cause.FallbackRun f -> node.put("type", "fallback-run").put("job", f.job()).put("run", f.run());
    }
    return node;
  }

  static Cause cause(JsonNode node) {
    String type = node.get("type").asText();
    return switch (type) {
      case "snapshot-event" -> new Cause.SnapshotEvent(node.get("eventId").asText());
      case "run" -> new Cause.Run(new RunId(node.get("run").asText()));
      case "graph-change" -> new Cause.GraphChange(node.get("version").asLong());
      case "backfill" -> new Cause.Backfill(node.get("backfillId").asText());
      case "planning" -> new Cause.Planning(node.get("decision").asText());
      case "fallback-run" -> new Cause.FallbackRun(node.get("job").asText(), node.get("run").asLong());
      default -> throw new IllegalStateException("Unknown stored cause type '" + type + "'");
    };
  }
}
