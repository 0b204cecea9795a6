package io.dataflow.gateway.server.fallback;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one firing of a fallback job is about: the task, its data interval and Airflow's run id for it.
 *
 * @param job the task
 * @param interval the data interval the run covers
 * @param scheduledAt when the firing was due
 */
public record RunContext(FallbackJobKey job, DataInterval interval, Instant scheduledAt) {

  private static final Pattern MACRO = Pattern.compile("\\{\\{\\s*([a-z_]+)\\s*}}");
  private static final DateTimeFormatter TS_NODASH = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

  public RunContext {
    requireNonNull(job, "job is null");
    requireNonNull(interval, "interval is null");
    requireNonNull(scheduledAt, "scheduledAt is null");
  }

  /** Airflow's id of a scheduled run of this logical date, e.g. {@code scheduled__2024-01-01T00:00:00+00:00}. */
  public String airflowRunId() {
    return "scheduled__" + iso(interval.logicalDate());
  }

  /**
   * The simple Airflow template variables with this run's values: {@code ds}, {@code ds_nodash},
   * {@code ts}, {@code ts_nodash}, {@code logical_date}, {@code execution_date},
   * {@code data_interval_start}, {@code data_interval_end}, {@code run_id}. Dates are in UTC, as in
   * Airflow's template context.
   */
  public Map<String, String> macros() {
    Instant logical = interval.logicalDate();
    String ds = logical.atOffset(ZoneOffset.UTC).toLocalDate().toString();
    Map<String, String> macros = new LinkedHashMap<>();
    macros.put("ds", ds);
    macros.put("ds_nodash", ds.replace("-", ""));
    macros.put("ts", iso(logical));
    macros.put("ts_nodash", TS_NODASH.format(logical));
    macros.put("logical_date", iso(logical));
    macros.put("execution_date", iso(logical));
    macros.put("data_interval_start", iso(interval.start()));
    macros.put("data_interval_end", iso(interval.end()));
    macros.put("run_id", airflowRunId());
    return macros;
  }

  /**
   * Replaces the macros of {@link #macros()} written as {@code {{ name }}}; anything else, such as
   * {@code {{ macros.ds_add(ds, 1) }}}, is left as it is.
   */
  public String render(String template) {
    Map<String, String> macros = macros();
    Matcher matcher = MACRO.matcher(template);
    StringBuilder rendered = new StringBuilder();
    while (matcher.find()) {
      String value = macros.get(matcher.group(1));
      matcher.appendReplacement(rendered, Matcher.quoteReplacement(value == null ? matcher.group() : value));
    }
    matcher.appendTail(rendered);
    return rendered.toString();
  }

  /** The variables Airflow sets for a task's process, so that scripts written for Airflow find them. */
  public Map<String, String> airflowEnvironment() {
    return Map.of(
        "AIRFLOW_CTX_DAG_ID", job.dagId(),
        "AIRFLOW_CTX_TASK_ID", job.taskId(),
        "AIRFLOW_CTX_LOGICAL_DATE", iso(interval.logicalDate()),
        "AIRFLOW_CTX_EXECUTION_DATE", iso(interval.logicalDate()),
        "AIRFLOW_CTX_DAG_RUN_ID", airflowRunId());
  }

  private static String iso(Instant instant) {
    return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atOffset(ZoneOffset.UTC)).replace("Z", "+00:00");
  }
}
