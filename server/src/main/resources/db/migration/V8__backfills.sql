-- Every backfill (and refresh) started: the range it covers, its order and when it was asked for, so
-- that its progress, read from partition_states, can still be answered after a restart.
CREATE TABLE backfills (
    backfill_id    TEXT        PRIMARY KEY,
    dataset        TEXT        NOT NULL,
    granularity    TEXT        CHECK (granularity IN ('HOUR', 'DAY', 'MONTH', 'YEAR')),  -- NULL: unpartitioned
    from_start     TIMESTAMP,
    to_start       TIMESTAMP,
    backfill_order TEXT        NOT NULL CHECK (backfill_order IN ('OLDEST_FIRST', 'NEWEST_FIRST')),
    started_at     TIMESTAMPTZ NOT NULL,
    CHECK ((granularity IS NULL) = (from_start IS NULL) AND (from_start IS NULL) = (to_start IS NULL))
);
