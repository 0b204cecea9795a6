package io.dataflow.gateway.catalog;

import java.util.Optional;
import java.util.Set;

/**
 * Deliberate crash points for proving crash safety: when the system property {@code
 * gateway.crash-at} names a point, the process halts there as if killed with {@code kill -9}, with
 * no shutdown hooks. Unset in normal operation.
 */
public final class CrashPoints {

  /** After the catalog committed new table metadata, before the commit's events are recorded. */
  public static final String AFTER_CATALOG_COMMIT = "after-catalog-commit";

  /** After the commit's events are recorded, before they are delivered or the commit answered. */
  public static final String AFTER_EVENT_RECORDED = "after-event-recorded";

  private static final Set<String> KNOWN = Set.of(AFTER_CATALOG_COMMIT, AFTER_EVENT_RECORDED);

  private final Optional<String> armed;

  private CrashPoints(Optional<String> armed) {
    armed.ifPresent(
        point -> {
          if (!KNOWN.contains(point)) {
            throw new IllegalArgumentException(
                "Unknown crash point '" + point + "'; known: " + KNOWN);
          }
        });
    this.armed = armed;
  }

  /** Crash points as the {@code gateway.crash-at} system property arms them. */
  public static CrashPoints fromSystemProperties() {
    return new CrashPoints(Optional.ofNullable(System.getProperty("gateway.crash-at")));
  }

  /** No crash points. */
  public static CrashPoints none() {
    return new CrashPoints(Optional.empty());
  }

  /** Halts the process if {@code point} is armed. */
  public void reached(String point) {
    if (armed.isPresent() && armed.get().equals(point)) {
      System.err.println("gateway: halting at crash point " + point);
      System.err.flush();
      Runtime.getRuntime().halt(137);
    }
  }
}
