package io.dataflow.gateway.annotator.template;

/** What an Airflow template expression stands for. */
public enum ParameterKind {
  /** {@code {{ ds }}} and {@code {{ macros.ds_add(ds, n) }}}: the logical date, {@code YYYY-MM-DD}. */
  LOGICAL_DATE,
  /** {@code {{ ds_nodash }}}: the logical date as {@code YYYYMMDD}. */
  LOGICAL_DATE_NODASH,
  /** {@code {{ ts }}}: the logical date-time. */
  LOGICAL_TIMESTAMP,
  /** {@code {{ data_interval_start }}}. */
  DATA_INTERVAL_START,
  /** {@code {{ data_interval_end }}}: one schedule interval after the start. */
  DATA_INTERVAL_END,
  /** {@code {{ params.x }}}: a user parameter of the DAG, not related to time. */
  USER_PARAM
}
