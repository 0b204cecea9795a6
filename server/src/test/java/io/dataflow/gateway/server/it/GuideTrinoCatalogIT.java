package io.dataflow.gateway.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.gateway.catalog.events.ChangedPartition;
import io.dataflow.gateway.catalog.events.RecordedEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Trino catalog that {@code migration-guides/connecting-engines.md} tells users to add works as
 * written: the shared Trino mounts it ({@link SharedGateway#GUIDE_TRINO_CATALOG}, the guide's keys and
 * values with this gateway's URI and a token for the placeholders), and a write through it is a commit
 * of the gateway's catalog, recorded as a snapshot event with the partition it changed.
 */
class GuideTrinoCatalogIT {

  @Test
  void aWriteThroughTheGuidesTrinoCatalogIsACommitTheGatewayRecords() throws Exception {
    SharedGateway gateway = SharedGateway.get();
    gateway.trinoExecute(
        "CREATE SCHEMA IF NOT EXISTS iceberg.guide_engines",
        "CREATE TABLE iceberg.guide_engines.landed (id BIGINT, day DATE) WITH (partitioning = ARRAY['day'])");

    gateway.trinoExecute("INSERT INTO " + SharedGateway.GUIDE_TRINO_CATALOG + ".guide_engines.landed VALUES (1, DATE '2024-01-10'),"
        + " (2, DATE '2024-01-10')");

    assertThat(gateway.trinoLong("SELECT count(*) FROM iceberg.guide_engines.landed WHERE day = DATE '2024-01-10'")).isEqualTo(2);
    assertThat(gateway.trinoLong("SELECT count(*) FROM " + SharedGateway.GUIDE_TRINO_CATALOG + ".information_schema.tables"
        + " WHERE table_schema = 'guide_engines'")).isEqualTo(1);
    List<RecordedEvent> events = SnapshotEventsIT.awaitDelivered("guide_engines.landed", 1);
    assertThat(events).hasSize(1);
    assertThat(events.getFirst().event().addedRecords()).isEqualTo(2);
    assertThat(events.getFirst().event().changedPartitions().stream().map(ChangedPartition::values)
        .map(values -> values.getFirst().human()).toList()).containsExactly("2024-01-10");
  }
}
