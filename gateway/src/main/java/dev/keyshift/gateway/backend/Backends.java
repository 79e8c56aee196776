package dev.keyshift.gateway.backend;

import dev.keyshift.gateway.failure.ErrorCode;
import dev.keyshift.gateway.failure.GatewayFailure;
import dev.keyshift.routing.Alias;
import dev.keyshift.routing.KeyVersion;
import dev.keyshift.routing.RoutingSnapshot;
import io.vertx.core.Future;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The configured backends by name. */
public final class Backends {
  private final Map<String, KeyBackend> byName;

  public Backends(List<KeyBackend> backends) {
    Map<String, KeyBackend> map = new LinkedHashMap<>();
    backends.forEach(backend -> map.put(backend.name(), backend));
    this.byName = Map.copyOf(map);
  }

  public Set<String> names() {
    return byName.keySet();
  }

  public Map<String, KeyBackend> all() {
    return byName;
  }

  /** The backend holding this version's key. */
  public KeyBackend of(KeyVersion version) {
    KeyBackend backend = byName.get(version.backend());
    if (backend == null) {
      // Validated routing never names an unknown backend; this guards against a bug, not a user.
      throw GatewayFailure.of(
          ErrorCode.BACKEND_ERROR, "backend " + version.backend() + " is not configured");
    }
    return backend;
  }

  /** Prepares every version of every alias, all at once. */
  public Future<Void> prepare(RoutingSnapshot routing) {
    List<Future<Void>> prepared = new ArrayList<>();
    routing
        .aliases()
        .values()
        .forEach(alias -> alias.versions().forEach(v -> prepared.add(of(v).prepare(v))));
    return Future.all(prepared).mapEmpty();
  }

  /**
   * Prepares every version of {@code after}, then warms those it gives more traffic than {@code
   * before} does ({@link KeyBackend#warm}): the routing that replaces {@code before}.
   */
  public Future<Void> prepare(RoutingSnapshot before, RoutingSnapshot after) {
    List<KeyVersion> gaining = new ArrayList<>();
    for (Alias alias : after.aliases().values()) {
      Alias old = before.alias(alias.name()).orElse(null);
      gaining.addAll(old == null ? alias.versions() : alias.gainingSince(old));
    }
    return prepare(after).compose(prepared -> warm(gaining));
  }

  /**
   * Prepares the versions {@code changed} adds to {@code old}, then warms those it gives more
   * traffic. A key the backend cannot serve fails with {@code INVALID_ROUTING}; an outage keeps its
   * {@code BACKEND_*} code, since the change may well be valid.
   */
  public Future<Void> prepareChange(Alias old, Alias changed) {
    List<Future<Void>> prepared = new ArrayList<>();
    for (KeyVersion version : changed.addedSince(old)) {
      prepared.add(of(version).prepare(version));
    }
    return Future.all(prepared).compose(all -> warm(changed.gainingSince(old)));
  }

  private Future<Void> warm(List<KeyVersion> versions) {
    List<Future<Void>> warmed = new ArrayList<>();
    for (KeyVersion version : versions) {
      if (version.weight() > 0 || version.shadow() > 0) {
        warmed.add(of(version).warm(version));
      }
    }
    return Future.join(warmed).<Void>mapEmpty().otherwiseEmpty();
  }

  /**
   * Wraps {@code key} with {@code kek} and checks that it unwraps to the same bytes, so a KEK that
   * cannot give a key back is found before its wrapping is kept.
   *
   * @param what names the KEK in the refusal ({@code "alias orders version v2's KEK"})
   * @return the wrapped key; fails with {@code INVALID_ROUTING} when it does not round-trip, or
   *     with the backend's own failure
   */
  public Future<byte[]> wrapChecked(KeyVersion kek, byte[] key, String what) {
    KeyBackend backend = of(kek);
    return backend
        .wrap(kek, key)
        .compose(
            wrapped ->
                backend
                    .unwrap(kek, wrapped)
                    .compose(
                        unwrapped ->
                            MessageDigest.isEqual(unwrapped, key)
                                ? Future.succeededFuture(wrapped)
                                : Future.failedFuture(
                                    GatewayFailure.of(
                                        ErrorCode.INVALID_ROUTING,
                                        what + " did not give the key back; nothing changed"))));
  }
}
