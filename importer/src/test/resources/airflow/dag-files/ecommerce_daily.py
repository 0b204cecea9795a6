"""Daily e-commerce totals per customer, rolling week and week-over-week change."""
import pendulum

from airflow import DAG
from airflow.datasets import Dataset
from airflow.operators.python import PythonOperator
from airflow.providers.common.sql.operators.sql import SQLExecuteQueryOperator

DAILY_TOTALS = Dataset("trino://trino:8080/iceberg/analytics/daily_customer_totals")


def _notify_finance(**context):
    # Posts a short summary to the finance channel (chat webhook).
    print("week over week ready for", context["ds"])


with DAG(
    dag_id="ecommerce_daily",
    description="Daily e-commerce totals per customer, rolling week and week-over-week change",
    schedule="@daily",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=True,
    max_active_runs=1,
    tags=["ecommerce", "finance"],
    params={"notify_channel": "#finance"},
    template_searchpath=["/opt/airflow/dags/sql"],
    default_args={"owner": "data-eng", "retries": 2, "retry_delay": pendulum.duration(minutes=5)},
) as dag:
    daily_customer_totals = SQLExecuteQueryOperator(
        task_id="daily_customer_totals",
        conn_id="trino_default",
        outlets=[DAILY_TOTALS],
        sql="""DELETE FROM analytics.daily_customer_totals WHERE day = DATE '{{ ds }}';
INSERT INTO analytics.daily_customer_totals
SELECT customer_id, DATE '{{ ds }}' AS day, SUM(amount) AS total, COUNT(*) AS txn_count
FROM raw.transactions
WHERE day = DATE '{{ ds }}'
GROUP BY customer_id""",
    )

    weekly_customer_totals = SQLExecuteQueryOperator(
        task_id="weekly_customer_totals",
        conn_id="trino_default",
        sql="""DELETE FROM analytics.weekly_customer_totals WHERE day = DATE '{{ ds }}';
INSERT INTO analytics.weekly_customer_totals
SELECT customer_id, DATE '{{ ds }}' AS day, SUM(total) AS total_7d
FROM analytics.daily_customer_totals
WHERE day BETWEEN DATE '{{ macros.ds_add(ds, -6) }}' AND DATE '{{ ds }}'
GROUP BY customer_id""",
    )

    week_over_week = SQLExecuteQueryOperator(
        task_id="week_over_week",
        conn_id="trino_default",
        sql="week_over_week.sql",  # kept in sql/week_over_week.sql
    )

    customer_lifetime_value = SQLExecuteQueryOperator(
        task_id="customer_lifetime_value",
        conn_id="trino_default",
        sql=(
            "CREATE OR REPLACE TABLE analytics.customer_lifetime_value AS\n"
            "SELECT customer_id, SUM(total) AS lifetime_total, MIN(day) AS first_day, MAX(day) AS last_day\n"
            "FROM analytics.daily_customer_totals\n"
            "GROUP BY customer_id"
        ),
    )

    notify_finance = PythonOperator(task_id="notify_finance", python_callable=_notify_finance)

    daily_customer_totals >> [weekly_customer_totals, customer_lifetime_value]
    weekly_customer_totals >> week_over_week >> notify_finance
