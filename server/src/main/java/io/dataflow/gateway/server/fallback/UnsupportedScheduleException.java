package io.dataflow.gateway.server.fallback;

/**
 * An Airflow schedule the fallback cannot reproduce faithfully, such as a dataset-triggered DAG or a
 * custom timetable. The message names the DAG and says why.
 */
public final class UnsupportedScheduleException extends IllegalArgumentException {

  private final String dagId;

  UnsupportedScheduleException(String dagId, String reason) {
    super("Cannot schedule DAG '" + dagId + "' in the fallback: " + reason);
    this.dagId = dagId;
  }

  /** The DAG whose schedule was refused. */
  public String dagId() {
    return dagId;
  }
}
