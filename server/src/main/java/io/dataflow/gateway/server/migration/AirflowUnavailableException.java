package io.dataflow.gateway.server.migration;

/**
 * The DAG's Airflow refused a change or could not be reached; the message names the Airflow, the
 * change and what state the DAG was left in.
 */
public final class AirflowUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  AirflowUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
