-- Several Till processes on one database. Each running process has a row here, its heartbeat written every couple of
-- seconds; a row whose heartbeat is old belongs to a process that died, and is purged. id is new at every start (a
-- process restarted under the same name is another process: the calls of the one before are over). holds_watcher
-- marks the process holding the watcher lease (the lease itself is an advisory lock), so that any process can name it.
CREATE TABLE till_process (
    id              VARCHAR(40)   NOT NULL PRIMARY KEY,
    name            VARCHAR(200)  NOT NULL,
    started_at      BIGINT        NOT NULL,
    heartbeat_at    BIGINT        NOT NULL,
    holds_watcher   BOOLEAN       NOT NULL DEFAULT FALSE
);

-- The process whose pay call handles an in-flight payment: while it is alive, the resolver leaves the payment to it.
-- NULL for payments written before: they are anyone's to resolve.
ALTER TABLE payment ADD COLUMN handled_by VARCHAR(40);
