-- The planner's state of every tracked output partition, and every transition with its cause.
CREATE TABLE partition_states (
    dataset       TEXT        NOT NULL,
    partition_key TEXT        NOT NULL,  -- '' for an unpartitioned table, else '<UNIT>:<start>'
    state         TEXT        NOT NULL CHECK (state IN ('FRESH', 'STALE', 'PENDING', 'RUNNING', 'FAILED', 'BLOCKED', 'WAITING_FOR_DATA')),
    record        JSONB       NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (dataset, partition_key)
);

CREATE INDEX partition_states_by_state ON partition_states (state);

CREATE TABLE partition_transitions (
    transition_id BIGSERIAL   PRIMARY KEY,
    dataset       TEXT        NOT NULL,
    partition_key TEXT        NOT NULL,
    before_record JSONB,
    after_record  JSONB       NOT NULL,
    cause         JSONB       NOT NULL,
    recorded_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX partition_transitions_by_partition ON partition_transitions (dataset, partition_key, transition_id);
