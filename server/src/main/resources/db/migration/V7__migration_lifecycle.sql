-- The Airflow a live import read (a reference naming its secrets, never holding them); NULL for a
-- snapshot, whose DAGs use the configuration's default Airflow.
ALTER TABLE dag_imports ADD COLUMN airflow JSONB;

-- Where each DAG is in its migration: the Airflow it belongs to, whether the dataflow shadows it or
-- produces its tables, the shadow table of each output, and the paused flag as the gateway last set it.
ALTER TABLE imported_dags
    ADD COLUMN airflow           JSONB,
    ADD COLUMN migration_mode    TEXT CHECK (migration_mode IN ('SHADOW', 'PRODUCTION')),
    ADD COLUMN shadow_tables     JSONB       NOT NULL DEFAULT '{}',
    ADD COLUMN shadow_started_at TIMESTAMPTZ,
    ADD COLUMN cutover_at        TIMESTAMPTZ,
    ADD COLUMN airflow_paused    BOOLEAN,
    ADD COLUMN airflow_paused_at TIMESTAMPTZ;

UPDATE imported_dags SET migration_mode = 'PRODUCTION' WHERE cardinality(migrated_tasks) > 0;

-- Tables a task reads and writes instead of those its SQL names (shadow runs), {"named": "real"}.
ALTER TABLE dataflow_tasks ADD COLUMN redirects JSONB NOT NULL DEFAULT '{}';

-- The comparison of each partition of a shadowed table with its real table, redone whenever either
-- side of the partition changes.
CREATE TABLE shadow_comparisons (
    dag_id          TEXT        NOT NULL,
    real_table      TEXT        NOT NULL,
    shadow_table    TEXT        NOT NULL,
    partition_key   TEXT        NOT NULL,
    state           TEXT        NOT NULL CHECK (state IN ('PENDING', 'MATCH', 'DIFFERENT', 'MISSING', 'FAILED')),
    changed_at      TIMESTAMPTZ NOT NULL,
    compared_at     TIMESTAMPTZ,
    real_snapshot   BIGINT,
    shadow_snapshot BIGINT,
    real_rows       BIGINT,
    shadow_rows     BIGINT,
    real_checksum   BIGINT,
    shadow_checksum BIGINT,
    only_in_real    JSONB,
    only_in_shadow  JSONB,
    error           TEXT,
    PRIMARY KEY (dag_id, real_table, partition_key)
);
CREATE INDEX shadow_comparisons_pending ON shadow_comparisons (changed_at) WHERE state = 'PENDING';
