package io.dataflow.gateway.server.fallback;

import static java.util.Objects.requireNonNull;

import org.quartz.JobKey;

/**
 * Identifies a fallback job: the Airflow task it stands in for. One job per task.
 *
 * @param dagId the DAG id (Quartz's job group)
 * @param taskId the task id (Quartz's job name)
 */
public record FallbackJobKey(String dagId, String taskId) {

  /** Quartz keeps names in columns of 200 characters; trigger names add a suffix of a few. */
  static final int MAX_LENGTH = 190;

  public FallbackJobKey {
    requireNonNull(dagId, "dagId is null");
    requireNonNull(taskId, "taskId is null");
    if (dagId.isBlank() || taskId.isBlank()) {
      throw new IllegalArgumentException("Invalid fallback job key '" + dagId + "." + taskId
          + "': the DAG id and the task id must not be blank");
    }
    if (dagId.length() > MAX_LENGTH || taskId.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("Invalid fallback job key '" + dagId + "." + taskId
          + "': DAG and task ids of at most " + MAX_LENGTH + " characters are supported");
    }
  }

  JobKey quartz() {
    return JobKey.jobKey(taskId, dagId);
  }

  static FallbackJobKey of(JobKey key) {
    return new FallbackJobKey(key.getGroup(), key.getName());
  }

  @Override
  public String toString() {
    return dagId + "." + taskId;
  }
}
