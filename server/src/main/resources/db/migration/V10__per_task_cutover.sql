-- A cut-over of some of a DAG's tasks: the others stay in Airflow, in the DAG deployed there without
-- the migrated ones. split_in_airflow marks such a cut-over; airflow_dag is the DAG as Airflow runs it
-- since (read back from Airflow when the cut-over completed, and by later imports), while dag keeps the
-- definition the migrated tasks came from, so that a rollback knows what to give back.
ALTER TABLE imported_dags
    ADD COLUMN split_in_airflow BOOLEAN NOT NULL DEFAULT FALSE,
    ADD COLUMN airflow_dag      JSONB,
    ADD COLUMN airflow_dag_at   TIMESTAMPTZ;
