package io.dataflow.gateway.server.resources;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataflow.gateway.catalog.events.RecordedEvent;
import io.dataflow.gateway.catalog.events.SnapshotEventJson;
import io.dataflow.gateway.catalog.events.SnapshotEventStore;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Optional;

/** The recorded snapshot events: what each commit changed, newest first. */
@Path("/api/v1/events")
@Produces(MediaType.APPLICATION_JSON)
public final class EventsResource {

  static final int MAX_LIMIT = 500;

  private final SnapshotEventStore store;

  public EventsResource(SnapshotEventStore store) {
    this.store = store;
  }

  /**
   * One page of events.
   *
   * @param table only events of this table, as {@code namespace.name}
   * @param limit page size, 1 to {@value #MAX_LIMIT}
   * @param pageToken the {@code nextPageToken} of the previous page
   */
  @GET
  public ObjectNode list(
      @QueryParam("table") String table,
      @QueryParam("limit") @DefaultValue("50") String limit,
      @QueryParam("pageToken") String pageToken) {
    int size = parseLimit(limit);
    Optional<Long> before = parsePageToken(pageToken);
    Optional<String> tableFilter = Optional.ofNullable(table).map(String::strip).filter(t -> !t.isEmpty());
    List<RecordedEvent> events = store.newestFirst(tableFilter, before, size + 1);
    boolean more = events.size() > size;
    List<RecordedEvent> page = more ? events.subList(0, size) : events;

    ObjectNode body = JsonNodeFactory.instance.objectNode();
    var items = body.putArray("events");
    for (RecordedEvent event : page) {
      ObjectNode item = items.addObject();
      item.put("eventId", event.eventId());
      item.put("recordedAt", event.recordedAt().toString());
      item.put("origin", event.origin().name());
      item.setAll(SnapshotEventJson.toTree(event.event()));
    }
    body.put("totalEvents", store.count(tableFilter));
    if (more) {
      body.put("nextPageToken", String.valueOf(page.getLast().eventId()));
    } else {
      body.putNull("nextPageToken");
    }
    return body;
  }

  private static int parseLimit(String limit) {
    try {
      int value = Integer.parseInt(limit.strip());
      if (value >= 1 && value <= MAX_LIMIT) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw Problem.invalid("limit", "limit must be an integer from 1 to " + MAX_LIMIT + ", not '" + limit + "'");
  }

  private static Optional<Long> parsePageToken(String token) {
    if (token == null || token.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(token.strip()));
    } catch (NumberFormatException e) {
      throw Problem.invalid("pageToken", "pageToken '" + token + "' is not one this API issued");
    }
  }
}
