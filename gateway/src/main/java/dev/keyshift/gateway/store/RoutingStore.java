package dev.keyshift.gateway.store;

import dev.keyshift.routing.Alias;
import dev.keyshift.routing.InvalidRoutingException;
import dev.keyshift.routing.RoutingSnapshot;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The routing in force and its one write path, whichever store holds it: {@link FileRoutingStore}
 * for one gateway, {@code PostgresRoutingStore} for replicas. Requests read {@link #get} lock-free;
 * a change is validated whole, its new keys prepared, then persisted with its audit entry, and only
 * then put in force and acknowledged.
 */
public interface RoutingStore extends Supplier<RoutingSnapshot> {
  /** The routing in force. */
  @Override
  RoutingSnapshot get();

  /**
   * Changes one alias.
   *
   * @param ifMatch the revision the caller last saw ({@code If-Match}), or null for any
   * @param actor who asks (a token name), for the audit log
   * @param action what the change is, for the audit log
   * @param edit the change; may throw {@link InvalidRoutingException}
   * @return the alias as now in force; fails with {@code CONFLICT} when the alias is not at {@code
   *     ifMatch} or another writer changed the routing meanwhile, {@code STORE_UNAVAILABLE} when
   *     the change could not be persisted
   */
  Future<Alias> change(
      String aliasName, String ifMatch, String actor, String action, UnaryOperator<Alias> edit);

  /**
   * Audit entries newest first, at most {@code limit}, only those at or after {@code since} (null:
   * all), each as the audit log records it.
   */
  Future<List<JsonObject>> audit(int limit, Instant since);

  /** Whether the store answers, for readiness and the store gauge. */
  StoreHealth health();

  /** Stops watching the store. */
  void close();
}
