"""Nightly housekeeping: wait for the export file, vacuum old logs, report."""
import pendulum

from airflow import DAG
from airflow.operators.bash import BashOperator
from airflow.operators.python import PythonOperator
from airflow.sensors.filesystem import FileSensor


def _report():
    print("housekeeping done")


with DAG(
    dag_id="ops_maintenance",
    schedule="0 3 * * *",
    start_date=pendulum.datetime(2024, 1, 1, tz="Europe/Paris"),
    catchup=False,
    tags=["ops"],
    default_args={"owner": "platform", "retries": 2, "retry_delay": pendulum.duration(minutes=10)},
) as dag:
    wait_for_export = FileSensor(task_id="wait_for_export", filepath="/data/export/{{ ds_nodash }}.done",
                                 poke_interval=60, timeout=3600)
    vacuum_logs = BashOperator(task_id="vacuum_logs", bash_command="find /var/log/etl -mtime +30 -delete",
                               pool="maintenance", execution_timeout=pendulum.duration(hours=1))
    report = PythonOperator(task_id="report", python_callable=_report, trigger_rule="all_done")

    wait_for_export >> vacuum_logs >> report
