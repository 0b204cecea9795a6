package io.dataflow.gateway.catalog.events;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers recorded events to in-process subscribers, in outbox order, each subscriber from a thread
 * of its own.
 *
 * <p>Each subscriber's position is kept in the outbox, so after a restart delivery resumes where it
 * stopped; a new subscriber starts from the first event. Subscribers never wait on each other: the
 * dataflow reacts to a commit as soon as the commit is recorded, whatever the others do with it. A
 * subscriber that throws is retried with a growing pause and holds back only its own later events;
 * so does a slow one.
 */
public final class SnapshotEventBus implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SnapshotEventBus.class);
  private static final int BATCH = 100;
  private static final Duration IDLE_POLL = Duration.ofSeconds(5);
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private final SnapshotEventStore store;
  private final Map<String, Delivery> deliveries = new LinkedHashMap<>();
  /** The deliveries under way, once started: read without the monitor by {@link #wakeUp()}. */
  private volatile List<Delivery> started = List.of();
  private boolean closed;

  public SnapshotEventBus(SnapshotEventStore store) {
    this.store = requireNonNull(store, "store is null");
  }

  /**
   * Adds a subscriber under a durable name (its cursor is kept under this name).
   *
   * @throws IllegalStateException if delivery already started or the name is taken
   */
  public synchronized void subscribe(String name, SnapshotSubscriber subscriber) {
    requireNonNull(name, "name is null");
    requireNonNull(subscriber, "subscriber is null");
    if (!started.isEmpty() || closed) {
      throw new IllegalStateException("Subscribe before the event bus starts: " + name);
    }
    if (deliveries.putIfAbsent(name, new Delivery(name, subscriber)) != null) {
      throw new IllegalStateException("A subscriber named '" + name + "' already exists");
    }
  }

  /** Starts delivering, beginning with whatever the subscribers have not received yet. */
  public synchronized void start() {
    if (!started.isEmpty() || closed) {
      return;
    }
    List<Delivery> all = List.copyOf(deliveries.values());
    all.forEach(Delivery::start);
    started = all;
  }

  /** Tells the bus that new events were recorded. */
  public void wakeUp() {
    for (Delivery delivery : started) {
      delivery.wake();
    }
  }

  @Override
  public void close() {
    List<Delivery> stopping;
    synchronized (this) {
      closed = true;
      stopping = started;
    }
    stopping.forEach(Delivery::stop);
    long deadline = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
    for (Delivery delivery : stopping) {
      try {
        delivery.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static Duration shorter(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** One subscriber's delivery: its thread, its cursor in the outbox, its pause after a failure. */
  private final class Delivery {
    private final String name;
    private final SnapshotSubscriber subscriber;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition signal = lock.newCondition();
    private boolean pending;
    private volatile boolean running;
    private Thread thread;

    Delivery(String name, SnapshotSubscriber subscriber) {
      this.name = name;
      this.subscriber = subscriber;
    }

    void start() {
      running = true;
      thread = Thread.ofPlatform().name("snapshot-event-bus-" + name).daemon(true).start(this::loop);
    }

    void wake() {
      lock.lock();
      try {
        pending = true;
        signal.signalAll();
      } finally {
        lock.unlock();
      }
    }

    void stop() {
      running = false;
      wake();
    }

    void join(Duration timeout) throws InterruptedException {
      thread.join(timeout);
    }

    private void loop() {
      Duration backoff = Duration.ZERO;
      while (running) {
        try {
          boolean delivered = deliver();
          backoff = Duration.ZERO;
          if (!delivered) {
            await(IDLE_POLL, true);
          }
        } catch (Exception e) {
          backoff = backoff.isZero() ? FIRST_BACKOFF : shorter(backoff.multipliedBy(2), MAX_BACKOFF);
          LOG.warn("Subscriber {} failed; retrying in {} ms: {}", name, backoff.toMillis(), e.toString());
          // new events do not shorten the pause: they wait behind the one that failed
          await(backoff, false);
        }
      }
    }

    /** Hands the subscriber the events after its cursor, one batch; whether there were any. */
    private boolean deliver() throws Exception {
      long cursor = store.cursor(name);
      List<RecordedEvent> events = store.after(cursor, BATCH);
      for (RecordedEvent event : events) {
        if (!running) {
          return true;
        }
        subscriber.onEvent(event);
        store.advance(name, event.eventId());
        LOG.debug("Delivered snapshot {} of {} to {}", event.event().snapshotId(), event.event().table(), name);
      }
      return !events.isEmpty();
    }

    /** Waits {@code wait}, or less if stopped or, when {@code wakeable}, told of new events. */
    private void await(Duration wait, boolean wakeable) {
      lock.lock();
      try {
        long remaining = wait.toNanos();
        while (running && remaining > 0 && !(wakeable && pending)) {
          remaining = signal.awaitNanos(remaining);
        }
        if (wakeable) {
          pending = false;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        running = false;
      } finally {
        lock.unlock();
      }
    }
  }
}
