package io.dataflow.gateway.catalog;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.catalog.events.EventOrigin;
import io.dataflow.gateway.catalog.events.SnapshotChanges;
import io.dataflow.gateway.catalog.events.SnapshotEvent;
import io.dataflow.gateway.catalog.events.SnapshotEventBus;
import io.dataflow.gateway.catalog.events.SnapshotEventStore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataflow.gateway.catalog.io.LocalFileIO;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.MetadataUpdate;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotParser;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.UpdateRequirement;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.rest.CatalogHandlers;
import org.apache.iceberg.rest.requests.CreateNamespaceRequest;
import org.apache.iceberg.rest.requests.CreateTableRequest;
import org.apache.iceberg.rest.requests.RegisterTableRequest;
import org.apache.iceberg.rest.requests.RenameTableRequest;
import org.apache.iceberg.rest.requests.UpdateNamespacePropertiesRequest;
import org.apache.iceberg.rest.requests.UpdateTableRequest;
import org.apache.iceberg.rest.responses.CreateNamespaceResponse;
import org.apache.iceberg.rest.responses.GetNamespaceResponse;
import org.apache.iceberg.rest.responses.ListNamespacesResponse;
import org.apache.iceberg.rest.responses.ListTablesResponse;
import org.apache.iceberg.rest.responses.LoadTableResponse;
import org.apache.iceberg.rest.responses.UpdateNamespacePropertiesResponse;
import org.apache.iceberg.util.JsonUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's Iceberg catalog: Iceberg's own REST handlers over a {@link JdbcCatalog} in the
 * gateway's PostgreSQL, with every successful commit turned into recorded snapshot events before
 * the commit is acknowledged.
 *
 * <p>A commit and its events cannot share one database transaction (the JdbcCatalog commits on its
 * own connection), so the events are written right after the commit and {@link #reconcile()} on
 * start-up records any snapshot whose event was lost between the two. Commits to one table are
 * serialized here, which makes the outbox order the commit order.
 */
public final class GatewayCatalog implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayCatalog.class);
  /** Attempts at a commit that other writers keep winning, the first retry after {@link #COMMIT_RETRY_WAIT}, doubling. */
  private static final int COMMIT_ATTEMPTS = 5;
  private static final java.time.Duration COMMIT_RETRY_WAIT = java.time.Duration.ofMillis(100);

  private final JdbcCatalog catalog;
  private final FileIO io;
  private final SnapshotEventStore events;
  private final SnapshotEventBus bus;
  private final CrashPoints crashPoints;
  private final SnapshotTags tags;
  private final String warehouse;
  private final Map<TableIdentifier, ReentrantLock> tableLocks = new ConcurrentHashMap<>();
  /**
   * Snapshots that need no event recorded, by table: those that have one, and those read and found
   * to change no partition (they have none, and without this every commit would read their manifests
   * again). Events are never deleted, so the set only grows; kept while the gateway runs. Each commit
   * then looks up only the snapshots new to it.
   */
  private final Map<UUID, Set<Long>> settled = new ConcurrentHashMap<>();
  /**
   * The metadata last read or committed of each table, by table: {@link #metadata} looks up the
   * table's current metadata location and parses its metadata file only when the location moved
   * (a task's run asks for the metadata of every table it reads and writes, and a metadata file
   * lists every snapshot of the table). A commit through this catalog leaves its own metadata here,
   * so the table it changed is not read back either.
   */
  private final Map<TableIdentifier, TableMetadata> known = new ConcurrentHashMap<>();
  /** The operations {@link #updateTable} commits each table through, used under the table's lock only. */
  private final Map<TableIdentifier, TableOperations> operations = new ConcurrentHashMap<>();
  private final MetadataLocations locations;

  private GatewayCatalog(
      JdbcCatalog catalog,
      FileIO io,
      String warehouse,
      MetadataLocations locations,
      SnapshotEventStore events,
      SnapshotEventBus bus,
      CrashPoints crashPoints,
      SnapshotTags tags) {
    this.catalog = catalog;
    this.locations = locations;
    this.tags = tags;
    this.io = io;
    this.warehouse = warehouse;
    this.events = events;
    this.bus = bus;
    this.crashPoints = crashPoints;
  }

  /**
   * Opens the catalog over its tables in PostgreSQL (created by the server's migrations), adding
   * {@code tags} to the summary of every snapshot committed through {@link #updateTable}.
   *
   * @param config catalog name and FileIO properties
   * @param warehouse the resolved warehouse location
   * @param jdbc connection to the gateway's database, for the JdbcCatalog's own connections
   * @param dataSource the same database, for looking up tables' current metadata locations
   */
  public static GatewayCatalog open(
      CatalogConfig config,
      String warehouse,
      JdbcConnection jdbc,
      javax.sql.DataSource dataSource,
      SnapshotEventStore events,
      SnapshotEventBus bus,
      CrashPoints crashPoints,
      SnapshotTags tags) {
    requireNonNull(warehouse, "warehouse is null");
    requireNonNull(tags, "tags is null");
    Map<String, String> properties = new HashMap<>(config.fileIoProperties());
    properties.put(CatalogProperties.URI, jdbc.url());
    properties.put(CatalogProperties.WAREHOUSE_LOCATION, warehouse);
    properties.put(JdbcCatalog.PROPERTY_PREFIX + "user", jdbc.user());
    properties.put(JdbcCatalog.PROPERTY_PREFIX + "password", jdbc.password());
    properties.put(JdbcCatalog.PROPERTY_PREFIX + "schema-version", "V1");
    properties.put(CatalogProperties.CLIENT_POOL_SIZE, "4");
    FileIO io = fileIo(warehouse, properties);
    JdbcCatalog catalog = new JdbcCatalog(props -> io, null, false);
    catalog.initialize(config.name(), properties);
    return new GatewayCatalog(catalog, io, warehouse, new MetadataLocations(dataSource, config.name()), events, bus,
        crashPoints, tags);
  }

  private static FileIO fileIo(String warehouse, Map<String, String> properties) {
    if (CatalogConfig.isLocal(warehouse)) {
      try {
        java.nio.file.Files.createDirectories(
            java.nio.file.Path.of(java.net.URI.create(toFileUri(warehouse)).getPath()));
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot create the warehouse directory " + warehouse, e);
      }
      LocalFileIO local = new LocalFileIO();
      local.initialize(properties);
      return local;
    }
    String impl = properties.get(CatalogProperties.FILE_IO_IMPL);
    if (impl == null) {
      throw new IllegalArgumentException(
          "Warehouse " + warehouse + " is not local: set catalog.fileIoProperties.io-impl"
              + " (for S3: org.apache.iceberg.aws.s3.S3FileIO)");
    }
    return CatalogUtil.loadFileIO(impl, properties, null);
  }

  private static String toFileUri(String warehouse) {
    return warehouse.startsWith("/") ? "file://" + warehouse : warehouse;
  }

  /** The warehouse location in use. */
  public String warehouse() {
    return warehouse;
  }

  // ---- namespaces -------------------------------------------------------------------------

  public ListNamespacesResponse listNamespaces(Namespace parent, Optional<String> pageToken, Optional<Integer> pageSize) {
    if (pageSize.isPresent()) {
      return CatalogHandlers.listNamespaces(catalog, parent, pageToken.orElse(null), String.valueOf(pageSize.get()));
    }
    return CatalogHandlers.listNamespaces(catalog, parent);
  }

  public CreateNamespaceResponse createNamespace(CreateNamespaceRequest request) {
    return CatalogHandlers.createNamespace(catalog, request);
  }

  public void namespaceExists(Namespace namespace) {
    CatalogHandlers.namespaceExists(catalog, namespace);
  }

  public GetNamespaceResponse loadNamespace(Namespace namespace) {
    return CatalogHandlers.loadNamespace(catalog, namespace);
  }

  public void dropNamespace(Namespace namespace) {
    CatalogHandlers.dropNamespace(catalog, namespace);
  }

  public UpdateNamespacePropertiesResponse updateNamespaceProperties(
      Namespace namespace, UpdateNamespacePropertiesRequest request) {
    return CatalogHandlers.updateNamespaceProperties(catalog, namespace, request);
  }

  // ---- tables -----------------------------------------------------------------------------

  public ListTablesResponse listTables(Namespace namespace, Optional<String> pageToken, Optional<Integer> pageSize) {
    if (pageSize.isPresent()) {
      return CatalogHandlers.listTables(catalog, namespace, pageToken.orElse(null), String.valueOf(pageSize.get()));
    }
    return CatalogHandlers.listTables(catalog, namespace);
  }

  public LoadTableResponse createTable(Namespace namespace, CreateTableRequest request) {
    TableIdentifier ident = TableIdentifier.of(namespace, request.name());
    return underLock(
        ident,
        () -> {
          if (request.stageCreate()) {
            return CatalogHandlers.stageTableCreate(catalog, namespace, request);
          }
          LoadTableResponse response = CatalogHandlers.createTable(catalog, namespace, request);
          remember(ident, response.tableMetadata());
          if (recordNewSnapshots(ident, response.tableMetadata(), EventOrigin.COMMIT) > 0) {
            bus.wakeUp();
          }
          return response;
        });
  }

  public LoadTableResponse registerTable(Namespace namespace, RegisterTableRequest request) {
    TableIdentifier ident = TableIdentifier.of(namespace, request.name());
    return underLock(
        ident,
        () -> {
          LoadTableResponse response = CatalogHandlers.registerTable(catalog, namespace, request);
          remember(ident, response.tableMetadata());
          if (recordNewSnapshots(ident, response.tableMetadata(), EventOrigin.REGISTERED) > 0) {
            bus.wakeUp();
          }
          return response;
        });
  }

  /**
   * The table's current metadata, as {@link #metadata} keeps it: the metadata file is parsed only when
   * the table moved to another one. Clients load a table before each commit to build on, and several
   * times for each query that reads it.
   *
   * @throws NoSuchTableException if there is no such table
   */
  public LoadTableResponse loadTable(TableIdentifier ident) {
    TableMetadata metadata = metadata(ident).orElseThrow(() -> new NoSuchTableException("Table does not exist: %s", ident));
    return LoadTableResponse.builder().withTableMetadata(metadata).build();
  }

  public void tableExists(TableIdentifier ident) {
    CatalogHandlers.tableExists(catalog, ident);
  }

  /**
   * Commits table changes and records the events of the snapshots the commit added. Nothing is
   * recorded when the commit fails.
   */
  public LoadTableResponse updateTable(TableIdentifier ident, UpdateTableRequest request) {
    return underLock(
        ident,
        () -> {
          UpdateTableRequest tagged = tagged(ident, request);
          LoadTableResponse response = isCreate(tagged)
              ? CatalogHandlers.updateTable(catalog, ident, tagged)
              : LoadTableResponse.builder().withTableMetadata(commit(ident, tagged)).build();
          remember(ident, response.tableMetadata());
          crashPoints.reached(CrashPoints.AFTER_CATALOG_COMMIT);
          recordNewSnapshots(ident, response.tableMetadata(), EventOrigin.COMMIT);
          crashPoints.reached(CrashPoints.AFTER_EVENT_RECORDED);
          bus.wakeUp();
          return response;
        });
  }

  /** Whether {@code request} creates its table (a staged create's commit). */
  private static boolean isCreate(UpdateTableRequest request) {
    return request.requirements().stream().anyMatch(UpdateRequirement.AssertTableDoesNotExist.class::isInstance);
  }

  /**
   * Commits {@code request} to existing table {@code ident} as Iceberg's REST handlers do (its
   * requirements checked against the current metadata, its updates applied, the commit retried from
   * fresh metadata when another writer committed first), through operations kept per table: the
   * current metadata is one lookup of the table's metadata location, read from its file only when
   * another writer moved it, where loading the table would parse the metadata file every time.
   * Called under the table's lock.
   */
  private TableMetadata commit(TableIdentifier ident, UpdateTableRequest request) {
    TableOperations ops = operations.computeIfAbsent(ident, i -> ((BaseTable) catalog.loadTable(i)).operations());
    try {
      TableMetadata base = ops.refresh();
      for (int attempt = 1; ; attempt++) {
        // a requirement that does not hold is the client's conflict, not retried
        for (UpdateRequirement requirement : request.requirements()) {
          requirement.validate(base);
        }
        TableMetadata.Builder builder = TableMetadata.buildFrom(base);
        request.updates().forEach(update -> update.applyTo(builder));
        TableMetadata updated = builder.build();
        if (updated.changes().isEmpty()) {
          return base;
        }
        try {
          ops.commit(base, updated);
          return ops.current();
        } catch (CommitFailedException e) {
          if (attempt == COMMIT_ATTEMPTS) {
            throw e;
          }
          LOG.debug("Commit to {} lost to another writer (attempt {} of {}): {}", ident, attempt, COMMIT_ATTEMPTS, e.getMessage());
          sleep(COMMIT_RETRY_WAIT.multipliedBy(1L << (attempt - 1)));
          base = ops.refresh();
        }
      }
    } catch (RuntimeException e) {
      // the operations may have been left mid-way (a dropped table, an unknown commit state): load afresh next time
      operations.remove(ident);
      throw e;
    }
  }

  private static void sleep(java.time.Duration wait) {
    try {
      Thread.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CommitFailedException(e, "Interrupted while waiting to retry a commit");
    }
  }

  /** The request with {@link #tags} added to the summary of each snapshot it adds. */
  private UpdateTableRequest tagged(TableIdentifier ident, UpdateTableRequest request) {
    boolean changed = false;
    List<MetadataUpdate> updates = new ArrayList<>();
    for (MetadataUpdate update : request.updates()) {
      if (update instanceof MetadataUpdate.AddSnapshot add) {
        Map<String, String> summary = add.snapshot().summary() == null ? Map.of() : add.snapshot().summary();
        Map<String, String> extra = new HashMap<>(tags.tagsFor(ident, summary));
        extra.keySet().removeAll(summary.keySet());
        if (!extra.isEmpty()) {
          updates.add(new MetadataUpdate.AddSnapshot(withSummary(add.snapshot(), extra)));
          changed = true;
          continue;
        }
      }
      updates.add(update);
    }
    return changed ? new UpdateTableRequest(request.requirements(), updates) : request;
  }

  /** {@code snapshot} with {@code extra} added to its summary; every other field as it was. */
  private static Snapshot withSummary(Snapshot snapshot, Map<String, String> extra) {
    // Iceberg keeps the snapshot constructor to itself; its JSON form is the public way to rebuild one.
    try {
      ObjectNode json =
          (ObjectNode) JsonUtil.mapper().readTree(SnapshotParser.toJson(snapshot));
      ObjectNode summary = json.withObject("summary");
      extra.forEach(summary::put);
      return SnapshotParser.fromJson(JsonUtil.mapper().writeValueAsString(json));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("Cannot add tags to snapshot " + snapshot.snapshotId(), e);
    }
  }

  public void dropTable(TableIdentifier ident, boolean purge) {
    underLock(
        ident,
        () -> {
          operations.remove(ident);
          if (purge) {
            CatalogHandlers.purgeTable(catalog, ident);
          } else {
            CatalogHandlers.dropTable(catalog, ident);
          }
          return null;
        });
  }

  public void renameTable(RenameTableRequest request) {
    underLock(
        request.source(),
        () -> {
          operations.remove(request.source());
          operations.remove(request.destination());
          CatalogHandlers.renameTable(catalog, request);
          return null;
        });
  }

  /**
   * The current metadata of a table, or empty if there is no such table: one lookup of the table's
   * metadata location, and its metadata file read only if it is not the one read last time.
   */
  public Optional<TableMetadata> metadata(TableIdentifier ident) {
    Optional<String> location = locations.current(ident);
    if (location.isEmpty()) {
      known.remove(ident);
      return Optional.empty();
    }
    TableMetadata last = known.get(ident);
    if (last != null && location.get().equals(last.metadataFileLocation())) {
      return Optional.of(last);
    }
    TableMetadata read = TableMetadataParser.read(io, location.get());
    remember(ident, read);
    return Optional.of(read);
  }

  /** Keeps {@code metadata} as {@code ident}'s, if it says which file it is. */
  private void remember(TableIdentifier ident, TableMetadata metadata) {
    if (metadata != null && metadata.metadataFileLocation() != null) {
      known.put(ident, metadata);
    }
  }

  // ---- events -----------------------------------------------------------------------------

  /**
   * Records the events of every snapshot of every table that has none yet: the commits whose
   * events were lost when the gateway stopped between a commit and its outbox write.
   *
   * @return how many events were recovered
   */
  public int reconcile() {
    int recovered = 0;
    for (TableIdentifier ident : allTables()) {
      recovered += underLock(ident, () -> metadata(ident).map(m -> recordNewSnapshots(ident, m, EventOrigin.RECONCILED)).orElse(0));
    }
    if (recovered > 0) {
      LOG.info("Recovered {} snapshot event(s) lost before the last shutdown", recovered);
    }
    return recovered;
  }

  private List<TableIdentifier> allTables() {
    List<TableIdentifier> tables = new ArrayList<>();
    List<Namespace> pending = new ArrayList<>(catalog.listNamespaces());
    Set<Namespace> seen = new java.util.HashSet<>();
    while (!pending.isEmpty()) {
      Namespace namespace = pending.removeLast();
      if (!seen.add(namespace)) {
        continue;
      }
      tables.addAll(catalog.listTables(namespace));
      pending.addAll(catalog.listNamespaces(namespace));
    }
    return tables;
  }

  private int recordNewSnapshots(TableIdentifier ident, TableMetadata metadata, EventOrigin origin) {
    if (metadata.snapshots().isEmpty()) {
      return 0;
    }
    UUID tableUuid = UUID.fromString(metadata.uuid());
    Set<Long> done = settled.computeIfAbsent(tableUuid, uuid -> ConcurrentHashMap.newKeySet());
    List<Snapshot> candidates = metadata.snapshots().stream().filter(snapshot -> !done.contains(snapshot.snapshotId())).toList();
    done.addAll(events.recordedAmong(tableUuid, candidates.stream().map(Snapshot::snapshotId).toList()));
    List<SnapshotEvent> fresh = new ArrayList<>();
    candidates.stream()
        .filter(snapshot -> !done.contains(snapshot.snapshotId()))
        .sorted(Comparator.comparingLong(Snapshot::sequenceNumber).thenComparingLong(Snapshot::timestampMillis))
        .map(snapshot -> SnapshotChanges.derive(ident.toString(), metadata, snapshot, io))
        .forEach(event -> {
          // A snapshot that added and removed no file (Trino's empty snapshot at CREATE TABLE, a
          // DELETE that matched nothing, a manifest rewrite) changed no partition: no event.
          if (event.changedPartitions().isEmpty()) {
            done.add(event.snapshotId());
          } else {
            fresh.add(event);
          }
        });
    int recorded = events.recordAll(fresh, origin);
    // recorded now, by this call or (a conflict) an earlier one
    for (SnapshotEvent event : fresh) {
      done.add(event.snapshotId());
      LOG.info("Snapshot {} of {}: {} {} ({})", event.snapshotId(), event.table(), event.operation().icebergName(),
          event.changedPartitions(), origin);
    }
    return recorded;
  }

  private <T> T underLock(TableIdentifier ident, Supplier<T> action) {
    ReentrantLock lock = tableLocks.computeIfAbsent(ident, key -> new ReentrantLock());
    lock.lock();
    try {
      return action.get();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() throws IOException {
    catalog.close();
  }

  /**
   * Where the catalog database is.
   *
   * @param url JDBC URL of the PostgreSQL database
   * @param user database user
   * @param password database password
   */
  public record JdbcConnection(String url, String user, String password) {
    public JdbcConnection {
      requireNonNull(url, "url is null");
      requireNonNull(user, "user is null");
      password = password == null ? "" : password;
    }

    @Override
    public String toString() {
      return "JdbcConnection[url=" + url + ", user=" + user + "]";
    }
  }
}
