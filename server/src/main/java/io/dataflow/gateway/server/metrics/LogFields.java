package io.dataflow.gateway.server.metrics;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.MDC;

/**
 * Fields put into SLF4J's MDC for as long as a run lasts on this thread, so that every line logged
 * about it, by the gateway or by the libraries it calls, names the run; the log format prints them
 * ({@code %X}). Closing restores what the thread had before, so that fields can be nested: the
 * worker names the task, the run inside it adds its run id.
 */
public final class LogFields implements AutoCloseable {

  /** The dataflow run ({@code run-…}). */
  public static final String RUN_ID = "run_id";
  /** The dataflow task, or the Airflow task a fallback job stands in for. */
  public static final String TASK_ID = "task_id";
  /** The dataset a dataflow task writes. */
  public static final String DATASET = "dataset";
  /** The transform a dataflow task runs. */
  public static final String TRANSFORM = "transform";
  /** The DAG of a fallback job. */
  public static final String DAG_ID = "dag_id";
  /** The logical date of a fallback run, as Airflow names the interval it covers. */
  public static final String LOGICAL_DATE = "logical_date";
  /** The id of a fallback run in {@code fallback_runs}. */
  public static final String FALLBACK_RUN_ID = "fallback_run_id";

  private final Map<String, Optional<String>> previous = new LinkedHashMap<>();

  private LogFields() {}

  /** Puts {@code key} into the MDC until {@link #close()}. */
  public static LogFields of(String key, String value) {
    return new LogFields().and(key, value);
  }

  /** Puts {@code key} into the MDC too, until {@link #close()}. */
  public LogFields and(String key, String value) {
    requireNonNull(key, "key is null");
    requireNonNull(value, "value of " + key + " is null");
    previous.putIfAbsent(key, Optional.ofNullable(MDC.get(key)));
    MDC.put(key, value);
    return this;
  }

  @Override
  public void close() {
    previous.forEach((key, before) -> before.ifPresentOrElse(value -> MDC.put(key, value), () -> MDC.remove(key)));
    previous.clear();
  }
}
