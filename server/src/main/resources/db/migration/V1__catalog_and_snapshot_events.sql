-- The Iceberg JdbcCatalog's own tables (its schema version V1, which includes views), created here
-- so that the whole schema is owned by versioned migrations.
CREATE TABLE iceberg_tables (
    catalog_name               VARCHAR(255)  NOT NULL,
    table_namespace            VARCHAR(255)  NOT NULL,
    table_name                 VARCHAR(255)  NOT NULL,
    metadata_location          VARCHAR(1000),
    previous_metadata_location VARCHAR(1000),
    iceberg_type               VARCHAR(5),
    PRIMARY KEY (catalog_name, table_namespace, table_name)
);

CREATE TABLE iceberg_namespace_properties (
    catalog_name   VARCHAR(255) NOT NULL,
    namespace      VARCHAR(255) NOT NULL,
    property_key   VARCHAR(255),
    property_value VARCHAR(1000),
    PRIMARY KEY (catalog_name, namespace, property_key)
);

-- The outbox: one row per committed snapshot, written before the commit is acknowledged.
CREATE TABLE snapshot_events (
    event_id           BIGSERIAL    PRIMARY KEY,
    table_uuid         UUID         NOT NULL,
    table_name         TEXT         NOT NULL,
    snapshot_id        BIGINT       NOT NULL,
    parent_snapshot_id BIGINT,
    sequence_number    BIGINT       NOT NULL,
    operation          TEXT         NOT NULL CHECK (operation IN ('append', 'overwrite', 'delete', 'replace')),
    committed_at       TIMESTAMPTZ  NOT NULL,
    recorded_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    origin             TEXT         NOT NULL CHECK (origin IN ('COMMIT', 'RECONCILED', 'REGISTERED')),
    payload            JSONB        NOT NULL,
    UNIQUE (table_uuid, snapshot_id)
);

CREATE INDEX snapshot_events_by_table ON snapshot_events (table_name, event_id DESC);

-- Where each in-process subscriber stands in the outbox.
CREATE TABLE event_cursors (
    subscriber    TEXT        PRIMARY KEY,
    last_event_id BIGINT      NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
