package io.dataflow.gateway.server.bridge;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.catalog.events.SnapshotEventStore;
import io.dataflow.gateway.importer.bridge.AirflowBridge;
import io.dataflow.gateway.importer.model.LegacyDag;
import io.dataflow.gateway.server.dataflow.DataflowRuntime;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two-way bridge with a live Airflow, at work: every {@code bridge.pollInterval} it reads
 * Airflow's new dataset/asset events into dataflow work ({@link InboundEvents}), writes the dataflow's
 * new commits on tables that Airflow DAGs are scheduled on to the outbox, and posts what the outbox
 * holds ({@link OutboundEvents}). One thread; a failure of one step is logged and the step is tried
 * again at the next tick. All its state is in PostgreSQL, so a restarted gateway carries on where the
 * last one stopped.
 */
public final class AirflowEventBridge implements Managed {

  private static final Logger LOG = LoggerFactory.getLogger(AirflowEventBridge.class);

  private final BridgeConfig config;
  private final InboundEvents inbound;
  private final OutboundEvents outbound;
  private ScheduledExecutorService executor;

  /**
   * @param airflow the live Airflow
   * @param notMigrated the imported DAGs that still run in Airflow, asked when a dataflow commit is read
   */
  public AirflowEventBridge(BridgeConfig config, AirflowBridge airflow, DataflowRuntime dataflow, DataSource dataSource,
      Supplier<List<LegacyDag>> notMigrated) {
    this.config = requireNonNull(config, "config is null");
    BridgeStore store = new BridgeStore(dataSource);
    SnapshotEventStore snapshots = new SnapshotEventStore(dataSource);
    DatasetUris uris = DatasetUris.of(config);
    Clock clock = Clock.systemUTC();
    this.inbound = new InboundEvents(airflow, dataflow, snapshots, store, uris, config.commitLookback(), clock);
    this.outbound = new OutboundEvents(airflow, dataflow, snapshots, store, uris, notMigrated, config, clock);
  }

  @Override
  public void start() {
    executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("airflow-bridge").daemon().factory());
    executor.scheduleWithFixedDelay(this::tick, 0, config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
    LOG.info("Airflow bridge started: every {}", config.pollInterval());
  }

  @Override
  public void stop() throws InterruptedException {
    if (executor != null) {
      executor.shutdownNow();
      executor.awaitTermination(30, TimeUnit.SECONDS);
    }
  }

  /** One round: Airflow's events in, the dataflow's commits out. */
  void tick() {
    step("reading Airflow's events", inbound::poll);
    step("reading the dataflow's commits", outbound::collect);
    step("posting events to Airflow", outbound::deliver);
  }

  private static void step(String what, Supplier<Integer> step) {
    try {
      step.get();
    } catch (RuntimeException e) {
      LOG.warn("Airflow bridge: {} failed, tried again at the next poll: {}", what, e.getMessage(), e);
    }
  }
}
