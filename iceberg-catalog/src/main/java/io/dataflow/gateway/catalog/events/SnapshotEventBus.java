package io.dataflow.gateway.catalog.events;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers recorded events to in-process subscribers, in outbox order, from one thread.
 *
 * <p>Each subscriber's position is kept in the outbox, so after a restart delivery resumes where it
 * stopped; a new subscriber starts from the first event. A subscriber that throws is retried with
 * a growing pause and holds back only its own later events.
 */
public final class SnapshotEventBus implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SnapshotEventBus.class);
  private static final int BATCH = 100;
  private static final Duration IDLE_POLL = Duration.ofSeconds(5);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private final SnapshotEventStore store;
  private final Map<String, SnapshotSubscriber> subscribers = new LinkedHashMap<>();
  private final Map<String, Duration> backoff = new LinkedHashMap<>();
  private final Map<String, Long> retryAt = new LinkedHashMap<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition signal = lock.newCondition();
  private boolean pending;
  private volatile boolean running;
  private Thread thread;

  public SnapshotEventBus(SnapshotEventStore store) {
    this.store = store;
  }

  /**
   * Adds a subscriber under a durable name (its cursor is kept under this name).
   *
   * @throws IllegalStateException if delivery already started or the name is taken
   */
  public synchronized void subscribe(String name, SnapshotSubscriber subscriber) {
    if (thread != null) {
      throw new IllegalStateException("Subscribe before the event bus starts: " + name);
    }
    if (subscribers.putIfAbsent(name, subscriber) != null) {
      throw new IllegalStateException("A subscriber named '" + name + "' already exists");
    }
  }

  /** Starts delivering, beginning with whatever the subscribers have not received yet. */
  public synchronized void start() {
    if (thread != null) {
      return;
    }
    running = true;
    thread = Thread.ofPlatform().name("snapshot-event-bus").daemon(true).start(this::loop);
  }

  /** Tells the bus that new events were recorded. */
  public void wakeUp() {
    lock.lock();
    try {
      pending = true;
      signal.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void loop() {
    while (running) {
      boolean delivered = false;
      Duration wait = IDLE_POLL;
      for (Map.Entry<String, SnapshotSubscriber> entry : List.copyOf(subscribers.entrySet())) {
        String name = entry.getKey();
        long now = System.nanoTime();
        Long due = retryAt.get(name);
        if (due != null && now - due < 0) {
          wait = shorter(wait, Duration.ofNanos(due - now));
          continue;
        }
        try {
          delivered |= deliver(name, entry.getValue());
          backoff.remove(name);
          retryAt.remove(name);
        } catch (Exception e) {
          Duration next =
              backoff.merge(name, Duration.ofMillis(500), (a, b) -> shorter(a.multipliedBy(2), MAX_BACKOFF));
          retryAt.put(name, now + next.toNanos());
          LOG.warn("Subscriber {} failed; retrying in {} ms: {}", name, next.toMillis(), e.toString());
          wait = shorter(wait, next);
        }
      }
      if (!delivered) {
        awaitSignal(wait);
      }
    }
  }

  private static Duration shorter(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private boolean deliver(String name, SnapshotSubscriber subscriber) throws Exception {
    long cursor = store.cursor(name);
    List<RecordedEvent> events = store.after(cursor, BATCH);
    for (RecordedEvent event : events) {
      if (!running) {
        return true;
      }
      subscriber.onEvent(event);
      store.advance(name, event.eventId());
    }
    return !events.isEmpty();
  }

  private void awaitSignal(Duration wait) {
    lock.lock();
    try {
      if (!pending && running) {
        signal.await(wait.toMillis(), TimeUnit.MILLISECONDS);
      }
      pending = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    Thread t;
    synchronized (this) {
      running = false;
      t = thread;
    }
    wakeUp();
    if (t != null) {
      try {
        t.join(Duration.ofSeconds(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
