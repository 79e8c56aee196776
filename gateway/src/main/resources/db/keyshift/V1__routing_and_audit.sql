-- The routing in force (one row: the routing file's YAML, the same persisted format) and the audit
-- log of every change. A change updates the row and appends its entry in one transaction.
CREATE TABLE keyshift_routing (
  id smallint PRIMARY KEY CHECK (id = 1),
  revision bigint NOT NULL,
  document text NOT NULL,
  changed_at timestamptz NOT NULL
);

CREATE TABLE keyshift_audit (
  seq bigserial PRIMARY KEY,
  time timestamptz NOT NULL,
  actor text NOT NULL,
  action text NOT NULL,
  alias text NOT NULL,
  entry text NOT NULL
);

CREATE INDEX keyshift_audit_time ON keyshift_audit (time);
