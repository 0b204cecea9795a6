package io.dataflow.gateway.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.gateway.catalog.io.LocalFileIO;
import java.net.http.HttpResponse;
import java.util.Map;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NamespaceNotEmptyException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The catalog speaks the Iceberg REST protocol to Iceberg's own Java client. */
class CatalogProtocolIT {

  private static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.required(2, "day", Types.DateType.get()));
  private static final PartitionSpec SPEC = PartitionSpec.builderFor(SCHEMA).identity("day").build();

  private static SharedGateway gateway;
  private static RESTCatalog client;

  @BeforeAll
  static void start() {
    gateway = SharedGateway.get();
    client = new RESTCatalog();
    client.initialize("protocol-it", Map.of(
        "uri", gateway.catalogUri(),
        "token", SharedGateway.ADMIN_TOKEN,
        "io-impl", LocalFileIO.class.getName(),
        "rest-page-size", "2"));
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
  }

  @Test
  void namespacesAreCreatedListedPagedUpdatedAndDropped() {
    Namespace ns = Namespace.of("protocol_ns");
    client.createNamespace(ns, properties("owner", "analytics"));
    for (int i = 0; i < 3; i++) {
      client.createNamespace(Namespace.of("protocol_ns", "child" + i), properties());
    }

    assertThat(client.namespaceExists(ns)).isTrue();
    assertThat(client.loadNamespaceMetadata(ns)).containsEntry("owner", "analytics");
    assertThat(client.listNamespaces(ns)).as("listed through pages of two").hasSize(3);
    client.setProperties(ns, properties("owner", "finance", "tier", "gold"));
    client.removeProperties(ns, new java.util.HashSet<>(java.util.List.of("tier")));
    assertThat(client.loadNamespaceMetadata(ns)).containsEntry("owner", "finance").doesNotContainKey("tier");
    assertThatThrownBy(() -> client.createNamespace(ns, properties())).isInstanceOf(AlreadyExistsException.class);
    assertThatThrownBy(() -> client.loadNamespaceMetadata(Namespace.of("no_such_ns"))).isInstanceOf(NoSuchNamespaceException.class);
    for (int i = 0; i < 3; i++) {
      assertThat(client.dropNamespace(Namespace.of("protocol_ns", "child" + i))).isTrue();
    }
    assertThat(client.dropNamespace(ns)).isTrue();
    assertThat(client.namespaceExists(ns)).isFalse();
  }

  @Test
  void tablesAreCreatedLoadedRenamedAndDropped() {
    Namespace ns = Namespace.of("protocol_tables");
    client.createNamespace(ns, properties());
    TableIdentifier orders = TableIdentifier.of(ns, "orders");
    TableIdentifier renamed = TableIdentifier.of(ns, "orders_v2");

    Table table = client.createTable(orders, SCHEMA, SPEC, properties("format-version", "2"));
    for (int i = 0; i < 3; i++) {
      client.createTable(TableIdentifier.of(ns, "extra" + i), SCHEMA);
    }

    assertThat(client.tableExists(orders)).isTrue();
    assertThat(client.loadTable(orders).spec()).isEqualTo(table.spec());
    assertThat(client.listTables(ns)).as("listed through pages of two").hasSize(4);
    assertThatThrownBy(() -> client.createTable(orders, SCHEMA)).isInstanceOf(AlreadyExistsException.class);
    assertThatThrownBy(() -> client.dropNamespace(ns)).isInstanceOf(NamespaceNotEmptyException.class);

    client.renameTable(orders, renamed);
    assertThat(client.tableExists(orders)).isFalse();
    assertThat(client.loadTable(renamed).uuid()).isEqualTo(table.uuid());
    assertThatThrownBy(() -> client.loadTable(orders)).isInstanceOf(NoSuchTableException.class);

    assertThat(client.dropTable(renamed, true)).isTrue();
    for (int i = 0; i < 3; i++) {
      assertThat(client.dropTable(TableIdentifier.of(ns, "extra" + i), false)).isTrue();
    }
    assertThat(client.dropTable(renamed)).isFalse();
    assertThat(client.dropNamespace(ns)).isTrue();
  }

  /**
   * Another writer of the catalog's database (a second gateway, or Iceberg's JdbcCatalog itself)
   * commits between two commits through the gateway: the gateway's next commit builds on it, and
   * nothing either wrote is lost.
   */
  @Test
  void aCommitAfterAnotherWritersCommitBuildsOnIt() throws Exception {
    Namespace ns = Namespace.of("protocol_writers");
    client.createNamespace(ns, properties());
    TableIdentifier ident = TableIdentifier.of(ns, "t");
    Table table = client.createTable(ident, SCHEMA, SPEC);
    table.updateProperties().set("first", "gateway").commit();
    try (org.apache.iceberg.jdbc.JdbcCatalog other = new org.apache.iceberg.jdbc.JdbcCatalog()) {
      other.initialize("gateway", Map.of(
          "uri", gateway.databaseUrl(),
          "jdbc.user", "postgres",
          "jdbc.password", "",
          "jdbc.schema-version", "V1",
          "warehouse", table.location().substring(0, table.location().indexOf("/protocol_writers")),
          "io-impl", LocalFileIO.class.getName()));
      other.loadTable(ident).updateProperties().set("second", "other writer").commit();
    }

    client.loadTable(ident).updateProperties().set("third", "gateway").commit();
    client.loadTable(ident).newAppend().appendFile(DataFiles.builder(SPEC)
        .withPath(table.location() + "/data/day=2024-03-02/a.parquet")
        .withFileSizeInBytes(10).withRecordCount(3).withPartitionPath("day=2024-03-02").build()).commit();

    Table read = client.loadTable(ident);
    assertThat(read.properties()).containsEntry("first", "gateway").containsEntry("second", "other writer")
        .containsEntry("third", "gateway");
    assertThat(read.currentSnapshot().summary()).containsEntry("added-records", "3");
    assertThat(SnapshotEventsIT.awaitDelivered("protocol_writers.t", 1)).hasSize(1);
  }

  @Test
  void aCommitThatFailsItsRequirementsIsAConflictAndPublishesNothing() throws Exception {
    Namespace ns = Namespace.of("protocol_commits");
    client.createNamespace(ns, properties());
    Table table = client.createTable(TableIdentifier.of(ns, "t"), SCHEMA, SPEC);
    table.newAppend().appendFile(DataFiles.builder(SPEC)
        .withPath(table.location() + "/data/day=2024-03-01/a.parquet")
        .withFileSizeInBytes(10).withRecordCount(2).withPartitionPath("day=2024-03-01").build()).commit();
    String events = "/api/v1/events?table=protocol_commits.t";
    assertThat(SnapshotEventsIT.awaitDelivered("protocol_commits.t", 1)).hasSize(1);

    HttpResponse<String> conflict = gateway.post(gateway.port(), "/iceberg/v1/namespaces/protocol_commits/tables/t", """
        {"requirements": [{"type": "assert-ref-snapshot-id", "ref": "main", "snapshot-id": 1}],
         "updates": [{"action": "set-properties", "updates": {"k": "v"}}]}""");
    HttpResponse<String> invalid = gateway.post(gateway.port(), "/iceberg/v1/namespaces/protocol_commits/tables/t", """
        {"requirements": [], "updates": [{"action": "no-such-action"}]}""");
    HttpResponse<String> notJson = gateway.post(gateway.port(), "/iceberg/v1/namespaces/protocol_commits/tables/t", "{");

    assertThat(conflict.statusCode()).isEqualTo(409);
    assertThat(conflict.body()).contains("\"type\":\"CommitFailedException\"");
    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(notJson.body()).contains("Invalid UpdateTableRequest");
    assertThat(gateway.getJson(events).path("totalEvents").asLong()).isEqualTo(1);
    assertThat(client.loadTable(TableIdentifier.of(ns, "t")).properties()).doesNotContainKey("k");
  }

  /** Iceberg's client probes property maps for null keys, which {@code Map.of} refuses to answer. */
  private static Map<String, String> properties(String... keysAndValues) {
    Map<String, String> properties = new java.util.HashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      properties.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return properties;
  }
}
