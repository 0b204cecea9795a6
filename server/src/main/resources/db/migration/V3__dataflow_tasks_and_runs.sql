-- The tasks the dataflow runs, as they were defined (re-annotated against the catalog at start-up).
CREATE TABLE dataflow_tasks (
    transform_id TEXT        PRIMARY KEY,
    sql_template TEXT        NOT NULL,
    dialect      TEXT        NOT NULL,
    params       JSONB       NOT NULL DEFAULT '{}',
    defined_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Every run of a task on Trino: what it replaced, the Trino query, its statistics and its outcome.
-- The query id is recorded when Trino assigns it, before the query can commit.
CREATE TABLE dataflow_runs (
    run_id         TEXT        PRIMARY KEY,
    task_id        TEXT        NOT NULL,
    transform_id   TEXT        NOT NULL,
    dataset        TEXT        NOT NULL,
    partitions     TEXT[]      NOT NULL,
    strategy       TEXT        NOT NULL,
    reason         TEXT        NOT NULL,
    attempt        INTEGER     NOT NULL,
    state          TEXT        NOT NULL CHECK (state IN ('RUNNING', 'SUCCEEDED', 'FAILED')),
    trino_query_id TEXT,
    snapshot_id    BIGINT,
    statistics     JSONB,
    error          TEXT,
    error_kind     TEXT,
    started_at     TIMESTAMPTZ NOT NULL,
    finished_at    TIMESTAMPTZ
);

CREATE INDEX dataflow_runs_by_dataset ON dataflow_runs (dataset, started_at);
CREATE INDEX dataflow_runs_running ON dataflow_runs (state) WHERE state = 'RUNNING';
CREATE INDEX dataflow_runs_by_query ON dataflow_runs (trino_query_id);
