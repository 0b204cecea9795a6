-- API tokens: the SHA-256 of each secret, never the secret. A revoked token stays listed, with the
-- time it was revoked, so that an audit can tell which token made a change.
CREATE TABLE api_tokens (
    token_id      TEXT        PRIMARY KEY,
    name          TEXT        NOT NULL,
    role          TEXT        NOT NULL CHECK (role IN ('READER', 'OPERATOR', 'ADMIN')),
    secret_sha256 TEXT        NOT NULL UNIQUE,
    created_at    TIMESTAMPTZ NOT NULL,
    revoked_at    TIMESTAMPTZ
);
