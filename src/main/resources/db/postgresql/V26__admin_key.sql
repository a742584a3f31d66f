-- The admin key's SHA-256 hash, one for every Till process on this database (on H2, one process, it is the file
-- admin-key.sha256 in the data directory). One row at most.
CREATE TABLE admin_key (
    id          SMALLINT  NOT NULL PRIMARY KEY CHECK (id = 1),
    key_hash    CHAR(64)  NOT NULL,
    created_at  BIGINT    NOT NULL
);
