package dev.keyshift.metrics;

/**
 * Every meter name and tag keyshift publishes. Dashboards and alerts depend on the Prometheus names
 * (in each comment); they never change.
 */
public final class MeterNames {
  /** {@code keyshift_requests_total}: key operations by operation, alias, version, outcome. */
  public static final String REQUESTS = "keyshift.requests";

  /** {@code keyshift_request_duration_seconds}: key operation latency by operation, alias. */
  public static final String REQUEST_DURATION = "keyshift.request.duration";

  /** {@code keyshift_backend_requests_total}: backend calls by backend, operation, outcome. */
  public static final String BACKEND_REQUESTS = "keyshift.backend.requests";

  /**
   * {@code keyshift_backend_refused_total}: calls refused before reaching a backend, by backend,
   * operation, reason ({@code throttled}: rate limit or bulkhead; {@code backend_unavailable}:
   * circuit open). They are not backend calls, so {@link #BACKEND_REQUESTS} does not count them.
   */
  public static final String BACKEND_REFUSED = "keyshift.backend.refused";

  /** {@code keyshift_backend_duration_seconds}: backend call latency by backend, operation. */
  public static final String BACKEND_DURATION = "keyshift.backend.duration";

  /** {@code keyshift_route_weight}: configured weight by alias, version. */
  public static final String ROUTE_WEIGHT = "keyshift.route.weight";

  /** {@code keyshift_routing_revision}: grows with every routing change applied. */
  public static final String ROUTING_REVISION = "keyshift.routing.revision";

  /**
   * {@code keyshift_routing_store_up}: 1 while the routing store answers, 0 while it does not (the
   * data plane then serves the routing it last read).
   */
  public static final String ROUTING_STORE_UP = "keyshift.routing.store.up";

  /**
   * {@code keyshift_master_keys_loaded}: per hierarchical version, 1 while its master key is in
   * memory, 0 while it could not be unwrapped (the version answers 503 until it is).
   */
  public static final String MASTER_KEYS_LOADED = "keyshift.master.keys.loaded";

  /** {@code keyshift_routing_reload_failures_total}: hand edits of the routing file refused. */
  public static final String ROUTING_RELOAD_FAILURES = "keyshift.routing.reload.failures";

  /**
   * {@code keyshift_http_connections}: open client connections by listener ({@code data}, {@code
   * admin}). It replaces Vert.x's own gauge, which counts one server instance of a shared port.
   */
  public static final String HTTP_CONNECTIONS = "keyshift.http.connections";

  /** {@code keyshift_rewraps_total}: by alias, from_version, to_version, mode, outcome. */
  public static final String REWRAPS = "keyshift.rewraps";

  /**
   * {@code keyshift_shadow_total}: shadow wraps by alias, version, outcome ({@code success}, {@code
   * mismatch}: the shadow version did not give the plaintext back, {@code failure}, {@code
   * dropped}: too many in flight).
   */
  public static final String SHADOWS = "keyshift.shadow";

  /** {@code keyshift_shadow_duration_seconds}: a shadow wrap and unwrap, by alias, version. */
  public static final String SHADOW_DURATION = "keyshift.shadow.duration";

  /**
   * {@code keyshift_plan_step}: per alias, the step in force of its running or paused plan
   * (1-based), 0 when it has none.
   */
  public static final String PLAN_STEP = "keyshift.plan.step";

  /** {@code keyshift_plan_rolled_back}: per alias, 1 while its latest plan is rolled back. */
  public static final String PLAN_ROLLED_BACK = "keyshift.plan.rolled.back";

  public static final String OUTCOME_MISMATCH = "mismatch";
  public static final String OUTCOME_DROPPED = "dropped";

  public static final String TAG_OPERATION = "operation";
  public static final String TAG_ALIAS = "alias";
  public static final String TAG_VERSION = "version";
  public static final String TAG_OUTCOME = "outcome";
  public static final String TAG_BACKEND = "backend";
  public static final String TAG_FROM_VERSION = "from_version";
  public static final String TAG_TO_VERSION = "to_version";
  public static final String TAG_MODE = "mode";
  public static final String TAG_REASON = "reason";
  public static final String TAG_LISTENER = "listener";

  /** Outcome tag of a successful operation; failures carry their error code in lower case. */
  public static final String OUTCOME_SUCCESS = "success";

  /** Outcome tag of a rewrap that was attempted and failed. */
  public static final String OUTCOME_FAILURE = "failure";

  /** Tag value where no alias or version could be named (unknown alias, unparseable blob). */
  public static final String NONE = "none";

  private MeterNames() {}
}
