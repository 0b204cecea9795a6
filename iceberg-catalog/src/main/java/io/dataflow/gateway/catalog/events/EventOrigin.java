package io.dataflow.gateway.catalog.events;

/** How an event came to be recorded. */
public enum EventOrigin {
  /** Recorded by the commit itself, before the commit was acknowledged. */
  COMMIT,
  /** Recorded on start-up, for a commit whose event was lost when the gateway stopped abruptly. */
  RECONCILED,
  /** Recorded when an existing table was registered with the catalog. */
  REGISTERED
}
