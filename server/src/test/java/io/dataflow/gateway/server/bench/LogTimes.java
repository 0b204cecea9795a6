package io.dataflow.gateway.server.bench;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.LoggerFactory;

/**
 * When the dataflow logged two moments of a reaction, read from its own log lines (the gateway's
 * code is not the benchmark's to change): the moment a snapshot's downstream was marked stale
 * ({@code DataflowRuntime}: "Snapshot S of T (...): N partition(s) stale"), after the planner's
 * {@code onSnapshot}; and the moment a run was logged as started ({@code Execution}: "Run R: task"),
 * while its row is written.
 */
final class LogTimes {

  private static final String RUNTIME = "io.dataflow.gateway.server.dataflow.DataflowRuntime";
  private static final String EXECUTION = "io.dataflow.gateway.server.dataflow.Execution";

  private final Map<String, Instant> staleMarked = new ConcurrentHashMap<>();
  private final Map<String, Instant> runLogged = new ConcurrentHashMap<>();
  private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
    @Override
    protected void append(ILoggingEvent event) {
      Object[] arguments = event.getArgumentArray();
      if (arguments == null || arguments.length == 0) {
        return;
      }
      String message = event.getMessage();
      if (event.getLoggerName().equals(RUNTIME) && message.startsWith("Snapshot {} of {} ({}): {} partition(s) stale")) {
        staleMarked.putIfAbsent(String.valueOf(arguments[0]), event.getInstant());
      } else if (event.getLoggerName().equals(EXECUTION) && message.startsWith("Run {}: task {}")) {
        runLogged.putIfAbsent(String.valueOf(arguments[0]), event.getInstant());
      }
    }
  };

  void attach() {
    appender.setName("bench-log-times");
    appender.setContext((ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory());
    appender.start();
    logger(RUNTIME).addAppender(appender);
    logger(EXECUTION).addAppender(appender);
  }

  void detach() {
    logger(RUNTIME).detachAppender(appender);
    logger(EXECUTION).detachAppender(appender);
    appender.stop();
  }

  /** When the downstream of snapshot {@code snapshotId} was marked stale, if it was logged. */
  Optional<Instant> staleMarked(long snapshotId) {
    return Optional.ofNullable(staleMarked.get(Long.toString(snapshotId)));
  }

  /** When run {@code runId} was logged as started. */
  Optional<Instant> runLogged(String runId) {
    return Optional.ofNullable(runLogged.get(runId));
  }

  private static Logger logger(String name) {
    return (Logger) LoggerFactory.getLogger(name);
  }
}
