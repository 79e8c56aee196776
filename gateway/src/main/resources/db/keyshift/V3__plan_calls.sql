-- The backend calls counted during each plan hold, summed over every replica (each adds what it
-- counted since its last flush): calls and failures per version and latency bucket.
CREATE TABLE keyshift_plan_calls (
  window_key text NOT NULL,
  version text NOT NULL,
  bucket smallint NOT NULL,
  calls bigint NOT NULL,
  errors bigint NOT NULL,
  PRIMARY KEY (window_key, version, bucket)
);
