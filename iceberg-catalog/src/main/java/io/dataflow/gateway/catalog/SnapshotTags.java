package io.dataflow.gateway.catalog;

import java.util.Map;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Properties the catalog adds to the summary of a snapshot while it commits it. A writer such as
 * Trino cannot put the gateway's own identifiers into the snapshots it writes, but it does put its
 * query id there; the server maps that query id to the task that runs it, so that every snapshot a
 * task commits carries the task's identity in the table history itself, where a restarted gateway
 * finds it again.
 */
@FunctionalInterface
public interface SnapshotTags {

  /**
   * The properties to add to a snapshot of {@code table} whose summary, as the writer sent it, is
   * {@code summary}; empty to leave it as it is. Properties the writer already set are kept.
   */
  Map<String, String> tagsFor(TableIdentifier table, Map<String, String> summary);

  /** Adds nothing. */
  static SnapshotTags none() {
    return (table, summary) -> Map.of();
  }
}
