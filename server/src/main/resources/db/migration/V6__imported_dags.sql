-- Every import: where from, when, and what became of each DAG.
CREATE TABLE dag_imports (
    import_id   TEXT        PRIMARY KEY,
    source      TEXT        NOT NULL,
    started_at  TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ NOT NULL,
    result      JSONB       NOT NULL
);

-- The latest imported form of each DAG (the importer's model as JSON), and how far its migration is.
CREATE TABLE imported_dags (
    dag_id          TEXT        PRIMARY KEY,
    import_id       TEXT        NOT NULL REFERENCES dag_imports (import_id),
    fingerprint     TEXT        NOT NULL,
    dag             JSONB       NOT NULL,
    imported_at     TIMESTAMPTZ NOT NULL,
    migrated_tasks  TEXT[]      NOT NULL DEFAULT '{}',
    migrated_at     TIMESTAMPTZ
);
