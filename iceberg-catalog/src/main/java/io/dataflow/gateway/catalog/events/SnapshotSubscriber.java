package io.dataflow.gateway.catalog.events;

/**
 * Receives snapshot events in commit order per table.
 *
 * <p>Delivery is durable: each subscriber has a cursor in the outbox, advanced after {@link
 * #onEvent} returns. An event is therefore delivered once, unless the process dies while the
 * subscriber handles it, in which case it is delivered again after restart; {@link
 * RecordedEvent#eventId()} lets a subscriber that keeps its own state recognise a repeat.
 */
@FunctionalInterface
public interface SnapshotSubscriber {

  /**
   * Handles one event. Throwing leaves the cursor where it is: the event is retried later and later
   * events wait behind it.
   */
  void onEvent(RecordedEvent event) throws Exception;
}
