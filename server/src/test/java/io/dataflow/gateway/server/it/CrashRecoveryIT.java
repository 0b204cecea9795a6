package io.dataflow.gateway.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataflow.gateway.catalog.io.LocalFileIO;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway dies right after a commit, before the commit's event is recorded or delivered; after
 * a restart the event is recorded and delivered, exactly once.
 */
class CrashRecoveryIT {

  private static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.required(2, "day", Types.DateType.get()));
  private static final PartitionSpec SPEC = PartitionSpec.builderFor(SCHEMA).identity("day").build();

  private static SharedGateway shared;
  private static ChildGateway child;

  @BeforeAll
  static void setUp() throws Exception {
    shared = SharedGateway.get();
    // the bus logs each delivery to each subscriber at DEBUG
    child = ChildGateway.named("crash_it")
        .logging("WARN", Map.of("io.dataflow.gateway", "INFO", "io.dataflow.gateway.catalog.events.SnapshotEventBus", "DEBUG"))
        .create();
  }

  @Test
  void anEventLostBetweenCommitAndOutboxIsRecoveredAndDeliveredOnce() throws Exception {
    commitThroughCrash("after-catalog-commit", "lost_before_outbox", "2024-01-03");

    assertDeliveredOnceAfterRestart("crash.lost_before_outbox", "RECONCILED", "2024-01-03");
  }

  @Test
  void anEventRecordedButNotDeliveredIsDeliveredOnceAfterRestart() throws Exception {
    commitThroughCrash("after-event-recorded", "lost_before_delivery", "2024-01-04");

    assertDeliveredOnceAfterRestart("crash.lost_before_delivery", "COMMIT", "2024-01-04");
  }

  /** Commits one append to a new table while the gateway is armed to halt there. */
  private static void commitThroughCrash(String crashPoint, String tableName, String day) throws Exception {
    Throwable failure;
    try (GatewayProcess gateway = child.start(tableName + "-1.log", List.of("-Dgateway.crash-at=" + crashPoint))) {
      try (RESTCatalog client = client()) {
        if (!client.namespaceExists(Namespace.of("crash"))) {
          client.createNamespace(Namespace.of("crash"));
        }
        Table table = client.createTable(TableIdentifier.of("crash", tableName), SCHEMA, SPEC);
        failure = catchThrowable(() -> table.newAppend().appendFile(DataFiles.builder(SPEC)
                .withPath(table.location() + "/data/day=" + day + "/f.parquet")
                .withFileSizeInBytes(100)
                .withRecordCount(7)
                .withPartitionPath("day=" + day)
                .build()).commit());
      }
      assertThat(failure).as("the gateway halts in the middle of the commit").isNotNull();
      assertThat(gateway.awaitExit(Duration.ofSeconds(30))).as("exit status after %s", failure.toString()).isEqualTo(137);
      assertThat(gateway.log()).contains("halting at crash point " + crashPoint);
    }
  }

  private static void assertDeliveredOnceAfterRestart(String table, String origin, String day) throws Exception {
    String restartLog = table + "-restart.log";
    long snapshot;
    try (GatewayProcess gateway = child.start(restartLog)) {
      try (RESTCatalog client = client()) {
        Table recovered = client.loadTable(TableIdentifier.parse(table));
        assertThat(recovered.currentSnapshot()).as("the commit itself succeeded before the crash").isNotNull();
        snapshot = recovered.currentSnapshot().snapshotId();
      }
      JsonNode events = shared.getJson(child.port, "/api/v1/events?table=" + table);
      assertThat(events.path("events")).hasSize(1);
      JsonNode event = events.path("events").get(0);
      assertThat(event.path("snapshotId").asLong()).isEqualTo(snapshot);
      assertThat(event.path("origin").asText()).isEqualTo(origin);
      assertThat(event.path("changedPartitions").get(0).path("path").asText()).isEqualTo("day=" + day);
      awaitLogLine(gateway, deliveryLine(snapshot, table));
    }
    assertThat(count(Files.readString(child.home.resolve(restartLog)), deliveryLine(snapshot, table))).isEqualTo(1);

    String again = table + "-again.log";
    try (GatewayProcess gateway = child.start(again)) {
      Thread.sleep(2000);
      assertThat(shared.getJson(child.port, "/api/v1/events?table=" + table).path("events")).hasSize(1);
    }
    assertThat(count(Files.readString(child.home.resolve(again)), deliveryLine(snapshot, table)))
        .as("a delivered event is not delivered again after another restart")
        .isZero();
  }

  /** The bus's line for the delivery of the event to the dataflow, one of the gateway's subscribers. */
  private static String deliveryLine(long snapshot, String table) {
    return "Delivered snapshot " + snapshot + " of " + table + " to dataflow";
  }

  private static void awaitLogLine(GatewayProcess gateway, String line) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!gateway.log().contains(line)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Not delivered in 30 s: " + line);
      }
      Thread.sleep(200);
    }
  }

  private static int count(String text, String needle) {
    Matcher matcher = Pattern.compile(Pattern.quote(needle)).matcher(text);
    int count = 0;
    while (matcher.find()) {
      count++;
    }
    return count;
  }

  private static RESTCatalog client() {
    RESTCatalog client = new RESTCatalog();
    client.initialize("crash-it", Map.of(
        "uri", "http://127.0.0.1:" + child.port + "/iceberg",
        "token", SharedGateway.ADMIN_TOKEN,
        "io-impl", LocalFileIO.class.getName()));
    return client;
  }
}
