-- The two-way bridge with Airflow's dataset/asset events.

-- Airflow -> dataflow: how far the bridge has read Airflow's events (by Airflow's timestamp; events are
-- read again with an overlap and recognised by their digest, since Airflow 2 gives events no id).
CREATE TABLE airflow_bridge_cursor (
    name           TEXT        PRIMARY KEY,
    last_timestamp TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Every Airflow event the bridge handled, and what it did with it.
CREATE TABLE airflow_received_events (
    received_id     BIGSERIAL   PRIMARY KEY,
    digest          TEXT        NOT NULL UNIQUE,
    uri             TEXT        NOT NULL,
    event_timestamp TIMESTAMPTZ NOT NULL,
    source_dag_id   TEXT,
    source_task_id  TEXT,
    source_run_id   TEXT,
    extra           JSONB       NOT NULL,
    dataset         TEXT,
    partitions      TEXT[],
    partitions_from TEXT        CHECK (partitions_from IN ('EXTRA', 'LOGICAL_DATE', 'WHOLE_DATASET')),
    outcome         TEXT        NOT NULL CHECK (outcome IN ('STARTED', 'COVERED', 'IGNORED')),
    detail          TEXT        NOT NULL,
    backfills       TEXT[]      NOT NULL DEFAULT '{}',
    received_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX airflow_received_events_by_dataset ON airflow_received_events (dataset, event_timestamp DESC);

-- Dataflow -> Airflow: one event to post per dataflow commit and URI, kept until Airflow accepted it.
CREATE TABLE airflow_outbox (
    outbox_id         BIGSERIAL   PRIMARY KEY,
    snapshot_event_id BIGINT      NOT NULL,
    uri               TEXT        NOT NULL,
    dataset           TEXT        NOT NULL,
    snapshot_id       BIGINT      NOT NULL,
    run_id            TEXT,
    partitions        TEXT[]      NOT NULL,
    extra             JSONB       NOT NULL,
    state             TEXT        NOT NULL CHECK (state IN ('PENDING', 'SENT')),
    attempts          INTEGER     NOT NULL DEFAULT 0,
    last_attempt_at   TIMESTAMPTZ,
    next_attempt_at   TIMESTAMPTZ NOT NULL,
    last_error        TEXT,
    sent_at           TIMESTAMPTZ,
    airflow_timestamp TIMESTAMPTZ,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (snapshot_event_id, uri)
);

CREATE INDEX airflow_outbox_due ON airflow_outbox (next_attempt_at) WHERE state = 'PENDING';
