package io.dataflow.gateway.server.fallback;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataflow.gateway.importer.model.Schedule;
import io.dropwizard.jackson.Jackson;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@link FallbackJob} as the JSON text kept in Quartz's job store (Quartz is set to keep job data as
 * strings, so no Java serialization is involved and the stored jobs stay readable).
 */
final class JobCodec {

  private final ObjectMapper json = Jackson.newObjectMapper()
      .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  String write(FallbackJob job) {
    ObjectNode root = json.createObjectNode();
    root.put("dagId", job.key().dagId());
    root.put("taskId", job.key().taskId());
    root.set("schedule", writeSchedule(job.schedule()));
    root.set("action", json.valueToTree(job.action()));
    root.set("outputs", json.valueToTree(job.outputs()));
    try {
      return json.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write fallback job " + job.key() + " as JSON", e);
    }
  }

  /**
   * Reads a job written by {@link #write}.
   *
   * @throws IllegalArgumentException naming the job and what could not be read
   */
  FallbackJob read(String text) {
    JsonNode root;
    try {
      root = json.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Cannot read a stored fallback job: " + e.getOriginalMessage(), e);
    }
    FallbackJobKey key = new FallbackJobKey(root.path("dagId").asText(), root.path("taskId").asText());
    try {
      FallbackSchedule schedule = readSchedule(key.dagId(), root.path("schedule"));
      FallbackAction action = json.treeToValue(root.path("action"), FallbackAction.class);
      List<String> outputs = new ArrayList<>();
      root.path("outputs").forEach(output -> outputs.add(output.asText()));
      return new FallbackJob(key, schedule, action, outputs);
    } catch (JsonProcessingException | RuntimeException e) {
      throw new IllegalArgumentException("Cannot read the stored fallback job " + key + ": " + e.getMessage(), e);
    }
  }

  private ObjectNode writeSchedule(FallbackSchedule schedule) {
    ObjectNode node = json.createObjectNode();
    switch (schedule.schedule()) {
      case Schedule.Cron cron -> node.put("type", "cron").put("expression", cron.expression()).put("timezone", cron.timezone().getId());
      case Schedule.Preset preset -> node.put("type", "preset").put("name", preset.name());
      case Schedule.Timedelta delta -> node.put("type", "timedelta").put("every", delta.every().toString());
      case Schedule.DatasetTriggered triggered -> node.put("type", "dataset").put("condition", triggered.condition());
      case Schedule.Timetable timetable -> node.put("type", "timetable").put("description", timetable.description());
      case Schedule.None none -> node.put("type", "none");
    }
    node.put("presetZone", schedule.presetZone().getId());
    schedule.startDate().ifPresent(start -> node.put("startDate", start.toString()));
    schedule.endDate().ifPresent(end -> node.put("endDate", end.toString()));
    node.put("catchup", schedule.catchup());
    return node;
  }

  private static FallbackSchedule readSchedule(String dagId, JsonNode node) {
    String type = node.path("type").asText();
    Schedule schedule = switch (type) {
      case "cron" -> new Schedule.Cron(node.path("expression").asText(), ZoneId.of(node.path("timezone").asText()));
      case "preset" -> new Schedule.Preset(node.path("name").asText());
      case "timedelta" -> new Schedule.Timedelta(Duration.parse(node.path("every").asText()));
      case "dataset" -> new Schedule.DatasetTriggered(node.path("condition").asText());
      case "timetable" -> new Schedule.Timetable(node.path("description").asText());
      case "none" -> new Schedule.None();
      default -> throw new IllegalArgumentException("unknown schedule type '" + type + "'");
    };
    return new FallbackSchedule(
        dagId,
        schedule,
        ZoneId.of(node.path("presetZone").asText()),
        instant(node, "startDate"),
        instant(node, "endDate"),
        node.path("catchup").asBoolean());
  }

  private static Optional<Instant> instant(JsonNode node, String field) {
    return node.hasNonNull(field) ? Optional.of(Instant.parse(node.get(field).asText())) : Optional.empty();
  }
}
