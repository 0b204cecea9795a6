package io.dataflow.gateway.server;

import io.dataflow.gateway.catalog.CrashPoints;
import io.dataflow.gateway.catalog.GatewayCatalog;
import io.dataflow.gateway.catalog.events.SnapshotEventBus;
import io.dataflow.gateway.catalog.events.SnapshotEventStore;
import io.dataflow.gateway.catalog.rest.IcebergRestResource;
import io.dataflow.gateway.server.cli.GatewayServerCommand;
import io.dataflow.gateway.server.dataflow.DataflowRuntime;
import io.dataflow.gateway.server.dataflow.FallbackOutputs;
import io.dataflow.gateway.server.dataflow.RunTags;
import io.dataflow.gateway.server.fallback.FallbackOutcomeListener;
import io.dataflow.gateway.server.fallback.FallbackResources;
import io.dataflow.gateway.server.fallback.FallbackScheduler;
import io.dataflow.gateway.trino.TrinoClient;
import io.dataflow.gateway.server.db.Database;
import io.dataflow.gateway.server.db.EmbeddedPostgresServer;
import io.dataflow.gateway.server.db.Migrations;
import io.dataflow.gateway.server.health.CatalogHealthCheck;
import io.dataflow.gateway.server.health.PostgresHealthCheck;
import io.dataflow.gateway.server.health.TrinoHealthCheck;
import io.dataflow.gateway.server.metrics.GatewayMetrics;
import io.dataflow.gateway.server.migration.DagService;
import io.dataflow.gateway.server.resources.DagsResource;
import io.dataflow.gateway.server.resources.EventsResource;
import io.dataflow.gateway.server.resources.RuntimeResource;
import io.dataflow.gateway.server.state.JdbcStateStore;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.cli.CheckCommand;
import io.dropwizard.core.server.ServerFactory;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.dropwizard.lifecycle.Managed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway: one process that starts (or connects to) PostgreSQL, serves the Iceberg REST catalog
 * with exact snapshot events, launches (or connects to) Trino, and answers the REST API. This is the
 * one place where the parts are assembled.
 */
public class GatewayApplication extends Application<GatewayConfiguration> {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayApplication.class);

  private DataflowRuntime dataflow;
  private FallbackScheduler fallback;
  private DagService dags;

  public static void main(String[] args) throws Exception {
    new GatewayApplication().run(args);
  }

  @Override
  public String getName() {
    return "dataflow-gateway";
  }

  @Override
  protected void addDefaultCommands(Bootstrap<GatewayConfiguration> bootstrap) {
    bootstrap.addCommand(new GatewayServerCommand<>(this));
    bootstrap.addCommand(new CheckCommand<>(this));
  }

  @Override
  public void initialize(Bootstrap<GatewayConfiguration> bootstrap) {
    bootstrap.setConfigurationSourceProvider(
        new SubstitutingSourceProvider(
            bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
    io.dataflow.gateway.server.cli.ImporterCommands.all().forEach(bootstrap::addCommand);
    bootstrap.addCommand(new io.dataflow.gateway.server.cli.AnnotateCommand());
    bootstrap.addCommand(new io.dataflow.gateway.server.cli.AnalyzeCommand());
    bootstrap.addCommand(new io.dataflow.gateway.server.cli.DemoCommand(this));
    bootstrap.addCommand(new io.dataflow.gateway.server.auth.TokenCommand());
  }

  @Override
  public void run(GatewayConfiguration config, Environment environment) {
    long started = System.nanoTime();
    Path dataDirectory = prepareDataDirectory(config.getDataDirectory());
    int port = applicationPort(config.getServerFactory());
    Connectors.checkFree(config.getServerFactory());
    Connectors.acceptNamespaceSeparator(config.getServerFactory());

    Database database = startDatabase(config, dataDirectory, environment);
    Migrations.migrate(database);
    HikariDataSource dataSource = dataSource(config, database);
    environment.lifecycle().manage(closing(dataSource));

    SnapshotEventStore store = new SnapshotEventStore(dataSource);
    SnapshotEventBus bus = new SnapshotEventBus(store);
    subscribe(bus);
    RunTags runTags = new RunTags();

    String warehouse = config.getCatalog().warehouse().orElseGet(() -> dataDirectory.resolve("warehouse").toUri().toString());
    GatewayCatalog catalog =
        GatewayCatalog.open(
            config.getCatalog(),
            warehouse,
            new GatewayCatalog.JdbcConnection(database.url(), database.user(), database.password()),
            dataSource,
            store,
            bus,
            CrashPoints.fromSystemProperties(),
            runTags);
    catalog.reconcile();
    environment.lifecycle().manage(closing(catalog));

    String catalogUri = "http://127.0.0.1:" + port + IcebergRestResource.BASE_PATH;
    TrinoRuntime trino = new TrinoRuntime(config.getTrino(), dataDirectory, catalogUri, warehouse, config.getEmbeddedTrinoCatalog());
    trino.addCatalogs(config.getEmbeddedTrinoCatalogs());
    if (trino.isEmbedded() && port == 0) {
      throw new GatewayStartupException(
          "The embedded Trino needs a fixed application port to reach the catalog: set server.applicationConnectors[0].port");
    }
    JdbcStateStore states = new JdbcStateStore(dataSource);
    GatewayMetrics metrics = new GatewayMetrics(states::countByState);
    environment.admin().addServlet("prometheus", metrics.servlet()).addMapping("/metrics/prometheus");
    dataflow = new DataflowRuntime(
        config.getDataflow(), catalog, store, states, dataSource, runTags, trino::jdbcUrl, config.getTrino(), metrics);
    bus.subscribe("dataflow", dataflow);
    environment.lifecycle().manage(new Managed() {
      @Override
      public void start() {
        bus.start();
      }

      @Override
      public void stop() {
        bus.close();
      }
    });

    environment.lifecycle().manage(trino);
    Function<String, java.util.Optional<String>> outletTables = io.dataflow.gateway.server.bridge.DatasetUris.of(config.getBridge())::table;
    fallback = fallbackScheduler(config, dataSource, trino, environment, metrics.countingFallbackRuns(new FallbackOutputs(dataflow, outletTables)));
    environment.lifecycle().manage(fallback);
    environment.lifecycle().manage(dataflow);

    environment.jersey().register(new IcebergRestResource(catalog));
    environment.jersey().register(new EventsResource(store));
    environment.jersey().register(
        new RuntimeResource(
            () ->
                new RuntimeResource.Runtime(
                    trino.jdbcUrl(),
                    trino.user(),
                    trino.isEmbedded(),
                    catalogUri,
                    warehouse,
                    database.embedded(),
                    withoutQuery(database.url()),
                    dataDirectory.toString())));
    io.dataflow.gateway.server.auth.TokenStore tokens = new io.dataflow.gateway.server.auth.TokenStore(dataSource);
    io.dataflow.gateway.server.api.ApiResources.register(environment.jersey(),
        io.dataflow.gateway.server.api.DataflowView.of(dataflow), io.dataflow.gateway.server.api.SchemaSource.of(catalog), tokens);
    io.dataflow.gateway.server.auth.Authentication.install(config.getAuth(), tokens, environment.jersey())
        .filter(authenticator -> trino.isEmbedded())
        .ifPresent(authenticator -> trino.useCatalogToken(
            authenticator.issueInternal("embedded-trino", io.dataflow.gateway.server.auth.Role.OPERATOR)));

    io.dataflow.gateway.server.migration.ShadowComparator shadows = new io.dataflow.gateway.server.migration.ShadowComparator(
        dataSource, dataflow, () -> TrinoClient.create(config.getTrino(), trino.jdbcUrl()), config.getMigration());
    bus.subscribe("shadow-comparison", shadows);
    environment.lifecycle().manage(shadows);
    dags = new DagService(dataSource, dataflow, shadows, config.getMigration(), config.getAirflow(), System::getenv, fallback, outletTables);
    environment.jersey().register(new DagsResource(dags));
    airflowBridge(config, dataSource, dags).ifPresent(environment.lifecycle()::manage);

    environment.healthChecks().register("postgresql", new PostgresHealthCheck(dataSource));
    environment.healthChecks().register("catalog", new CatalogHealthCheck(catalog));
    environment.healthChecks().register("trino", new TrinoHealthCheck(trino));

    environment.lifecycle().addServerLifecycleListener(
        server ->
            LOG.info(
                "Gateway ready in {} s: API and Iceberg catalog on port {}, catalog URI {}, Trino {}",
                (System.nanoTime() - started) / 1_000_000_000,
                port,
                catalogUri,
                trino.jdbcUrl()));
  }

  /** The running dataflow, once {@link #run} assembled it. */
  public DataflowRuntime dataflow() {
    if (dataflow == null) {
      throw new IllegalStateException("The gateway is not running");
    }
    return dataflow;
  }

  /** The imported DAGs and their migration, once {@link #run} assembled them. */
  public DagService dags() {
    if (dags == null) {
      throw new IllegalStateException("The gateway is not running");
    }
    return dags;
  }

  /** The Quartz fallback, once {@link #run} assembled it. */
  public FallbackScheduler fallback() {
    if (fallback == null) {
      throw new IllegalStateException("The gateway is not running");
    }
    return fallback;
  }

  /**
   * The Quartz fallback for tasks that stay untranslated, in the same PostgreSQL (migration V4) and
   * pool, with its own Trino client created once Trino is up; {@code outcomes} hears how each run ended.
   */
  private static FallbackScheduler fallbackScheduler(
      GatewayConfiguration config, HikariDataSource dataSource, TrinoRuntime trino, Environment environment,
      FallbackOutcomeListener outcomes) {
    AtomicReference<TrinoClient> client = new AtomicReference<>();
    environment.lifecycle().manage(closing(() -> {
      TrinoClient created = client.get();
      if (created != null) {
        created.close();
      }
    }));
    return new FallbackScheduler(
        config.getFallback(),
        dataSource,
        FallbackResources.of(
            () -> client.updateAndGet(c -> c != null ? c : TrinoClient.create(config.getTrino(), trino.jdbcUrl())),
            Map.of()),
        outcomes);
  }

  /**
   * The two-way bridge with the configuration's Airflow, when {@code bridge.enabled}; started after the
   * dataflow, whose work it starts and whose commits it reads.
   */
  private java.util.Optional<io.dataflow.gateway.server.bridge.AirflowEventBridge> airflowBridge(
      GatewayConfiguration config, HikariDataSource dataSource, DagService dags) {
    io.dataflow.gateway.server.bridge.BridgeConfig bridge = config.getBridge();
    if (!bridge.enabled()) {
      return java.util.Optional.empty();
    }
    io.dataflow.gateway.server.migration.AirflowReference airflow = config.getAirflow().orElseThrow(() -> new GatewayStartupException(
        "bridge.enabled is true but the configuration has no airflow: section naming the Airflow to bridge with"));
    io.dataflow.gateway.importer.AirflowConnection connection;
    try {
      connection = airflow.connection(System::getenv, "airflow");
    } catch (io.dataflow.gateway.server.migration.AirflowReference.InvalidReference e) {
      throw new GatewayStartupException("The Airflow of the bridge cannot be used: " + e.getMessage());
    }
    return java.util.Optional.of(new io.dataflow.gateway.server.bridge.AirflowEventBridge(bridge,
        io.dataflow.gateway.importer.Bridges.live(connection), dataflow, dataSource,
        dags::dagsRunInAirflow));
  }

  /**
   * Registers in-process subscribers of snapshot events beside the gateway's own; none by default.
   * The dataflow subscribes itself in {@link #run}, and the catalog logs each event as it records it.
   */
  protected void subscribe(SnapshotEventBus bus) {
  }

  private static Database startDatabase(GatewayConfiguration config, Path dataDirectory, Environment environment) {
    var db = config.getDatabase();
    if (db.url().isPresent()) {
      return new Database(db.url().get(), db.user(), db.password(), false);
    }
    EmbeddedPostgresServer postgres =
        EmbeddedPostgresServer.start(dataDirectory.resolve("postgres"), db.embeddedPort(), dataDirectory.resolve("postgres.log"));
    environment.lifecycle().manage(postgres);
    return postgres.database();
  }

  private static HikariDataSource dataSource(GatewayConfiguration config, Database database) {
    HikariConfig pool = new HikariConfig();
    pool.setPoolName("gateway-db");
    pool.setJdbcUrl(database.url());
    pool.setUsername(database.user());
    pool.setPassword(database.password());
    pool.setMaximumPoolSize(config.getDatabase().maxConnections());
    pool.setMinimumIdle(1);
    return new HikariDataSource(pool);
  }

  private static Path prepareDataDirectory(Path configured) {
    Path directory = configured.toAbsolutePath().normalize();
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new GatewayStartupException("Cannot create the data directory " + directory + ": " + e.getMessage()
          + "; set dataDirectory in the configuration to a writable folder");
    }
    if (!Files.isWritable(directory)) {
      throw new GatewayStartupException("The data directory " + directory + " is not writable"
          + "; fix its permissions or set dataDirectory in the configuration to a writable folder");
    }
    return directory;
  }

  static int applicationPort(ServerFactory factory) {
    return Connectors.connectors(factory).getFirst().port();
  }

  private static String withoutQuery(String url) {
    int question = url.indexOf('?');
    return question < 0 ? url : url.substring(0, question);
  }

  private static Managed closing(AutoCloseable resource) {
    return new Managed() {
      @Override
      public void start() {}

      @Override
      public void stop() throws Exception {
        resource.close();
      }
    };
  }
}
