-- Usage summed over every replica (each adds what it counted since its last flush) and the latest
-- finished scan of each data source.
CREATE TABLE keyshift_usage (
  alias text NOT NULL,
  version text NOT NULL,
  since timestamptz NOT NULL,
  wraps bigint NOT NULL DEFAULT 0,
  last_wrap timestamptz,
  unwraps bigint NOT NULL DEFAULT 0,
  last_unwrap timestamptz,
  weight_zero_since timestamptz,
  PRIMARY KEY (alias, version)
);

CREATE TABLE keyshift_scans (
  alias text NOT NULL,
  source text NOT NULL,
  finished_at timestamptz NOT NULL,
  document text NOT NULL,
  PRIMARY KEY (alias, source)
);
