package io.dataflow.gateway.catalog.events;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A snapshot event as the outbox holds it.
 *
 * @param eventId the outbox position; increases in commit order within each table
 * @param recordedAt when the event was recorded
 * @param origin how it was recorded
 * @param event the event itself
 */
public record RecordedEvent(long eventId, Instant recordedAt, EventOrigin origin, SnapshotEvent event) {
  public RecordedEvent {
    requireNonNull(recordedAt, "recordedAt is null");
    requireNonNull(origin, "origin is null");
    requireNonNull(event, "event is null");
  }
}
