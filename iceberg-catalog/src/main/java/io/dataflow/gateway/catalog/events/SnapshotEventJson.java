package io.dataflow.gateway.catalog.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The JSON form of a {@link SnapshotEvent}: how it is stored in the outbox and shown by the API.
 * Partition values are written as Iceberg's human strings with their transform and type, which
 * is enough to read the typed values back.
 */
public final class SnapshotEventJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private SnapshotEventJson() {}

  /** The event as a JSON tree. */
  public static ObjectNode toTree(SnapshotEvent event) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("table", event.table());
    node.put("tableUuid", event.tableUuid().toString());
    node.put("snapshotId", event.snapshotId());
    event.parentSnapshotId().ifPresentOrElse(id -> node.put("parentSnapshotId", id), () -> node.putNull("parentSnapshotId"));
    node.put("sequenceNumber", event.sequenceNumber());
    node.put("operation", event.operation().icebergName());
    node.put("changesData", event.changesData());
    node.put("committedAt", event.committedAt().toString());
    ArrayNode partitions = node.putArray("changedPartitions");
    for (ChangedPartition partition : event.changedPartitions()) {
      ObjectNode p = partitions.addObject();
      p.put("specId", partition.specId());
      p.put("path", partition.path());
      ArrayNode values = p.putArray("values");
      for (PartitionFieldValue value : partition.values()) {
        ObjectNode v = values.addObject();
        v.put("name", value.name());
        v.put("sourceColumn", value.sourceColumn());
        v.put("transform", value.transform());
        v.put("type", value.type());
        if (value.value().isPresent()) {
          v.put("value", value.human());
        } else {
          v.putNull("value");
        }
      }
      p.put("addedDataFiles", partition.addedDataFiles());
      p.put("removedDataFiles", partition.removedDataFiles());
      p.put("addedDeleteFiles", partition.addedDeleteFiles());
      p.put("removedDeleteFiles", partition.removedDeleteFiles());
      p.put("addedRecords", partition.addedRecords());
      p.put("removedRecords", partition.removedRecords());
    }
    node.put("addedRecords", event.addedRecords());
    node.put("removedRecords", event.removedRecords());
    node.put("addedDataFiles", event.addedDataFiles());
    node.put("removedDataFiles", event.removedDataFiles());
    node.put("addedDeleteFiles", event.addedDeleteFiles());
    node.put("removedDeleteFiles", event.removedDeleteFiles());
    ObjectNode summary = node.putObject("summary");
    new java.util.TreeMap<>(event.summary()).forEach(summary::put);
    return node;
  }

  /** The event as a JSON string. */
  public static String toJson(SnapshotEvent event) {
    try {
      return MAPPER.writeValueAsString(toTree(event));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write event of snapshot " + event.snapshotId(), e);
    }
  }

  /**
   * Reads an event written by {@link #toJson}.
   *
   * @throws IllegalArgumentException if the JSON is not a snapshot event
   */
  public static SnapshotEvent fromJson(String json) {
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Not a snapshot event: " + e.getOriginalMessage(), e);
    }
    List<ChangedPartition> partitions = new ArrayList<>();
    for (JsonNode p : node.path("changedPartitions")) {
      List<PartitionFieldValue> values = new ArrayList<>();
      for (JsonNode v : p.path("values")) {
        String transform = v.path("transform").asText();
        String type = v.path("type").asText();
        String human = v.path("value").isNull() ? "null" : v.path("value").asText();
        values.add(
            new PartitionFieldValue(
                v.path("name").asText(),
                v.path("sourceColumn").asText(),
                transform,
                type,
                PartitionValues.parse(transform, type, human),
                human));
      }
      partitions.add(
          new ChangedPartition(
              p.path("specId").asInt(),
              values,
              p.path("addedDataFiles").asInt(),
              p.path("removedDataFiles").asInt(),
              p.path("addedDeleteFiles").asInt(),
              p.path("removedDeleteFiles").asInt(),
              p.path("addedRecords").asLong(),
              p.path("removedRecords").asLong()));
    }
    Map<String, String> summary = new LinkedHashMap<>();
    node.path("summary").properties().forEach(e -> summary.put(e.getKey(), e.getValue().asText()));
    JsonNode parent = node.path("parentSnapshotId");
    return new SnapshotEvent(
        required(node, "table").asText(),
        UUID.fromString(required(node, "tableUuid").asText()),
        required(node, "snapshotId").asLong(),
        parent.isMissingNode() || parent.isNull() ? Optional.empty() : Optional.of(parent.asLong()),
        node.path("sequenceNumber").asLong(),
        SnapshotOperation.fromIceberg(required(node, "operation").asText()),
        Instant.parse(required(node, "committedAt").asText()),
        partitions,
        node.path("addedRecords").asLong(),
        node.path("removedRecords").asLong(),
        node.path("addedDataFiles").asInt(),
        node.path("removedDataFiles").asInt(),
        node.path("addedDeleteFiles").asInt(),
        node.path("removedDeleteFiles").asInt(),
        summary);
  }

  private static JsonNode required(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException("Snapshot event JSON lacks '" + field + "'");
    }
    return value;
  }
}
