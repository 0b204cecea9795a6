"""Rebuilds customer segments whenever the daily totals are updated."""
import pendulum

from airflow import DAG
from airflow.datasets import Dataset
from airflow.providers.common.sql.operators.sql import SQLExecuteQueryOperator

SEGMENT_TABLE = "analytics.customer_segments"

with DAG(
    dag_id="customer_segments",
    schedule=[Dataset("trino://trino:8080/iceberg/analytics/daily_customer_totals")],
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    tags=["ecommerce"],
    default_args={"owner": "data-eng"},
) as dag:
    refresh_segments = SQLExecuteQueryOperator(
        task_id="refresh_segments",
        conn_id="trino_default",
        sql=f"""INSERT INTO {SEGMENT_TABLE}
SELECT customer_id, CASE WHEN SUM(total) > 1000 THEN 'gold' ELSE 'standard' END AS segment
FROM analytics.daily_customer_totals
WHERE updated_at >= TIMESTAMP '{{{{ data_interval_start }}}}' AND updated_at < TIMESTAMP '{{{{ data_interval_end }}}}'
GROUP BY customer_id""",
    )
