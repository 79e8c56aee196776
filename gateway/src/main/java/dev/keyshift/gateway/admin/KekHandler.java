package dev.keyshift.gateway.admin;

import dev.keyshift.gateway.auth.AdminAuthHandler;
import dev.keyshift.gateway.backend.Backends;
import dev.keyshift.gateway.failure.ErrorCode;
import dev.keyshift.gateway.failure.GatewayFailure;
import dev.keyshift.gateway.http.JsonBody;
import dev.keyshift.gateway.keys.MasterKeys;
import dev.keyshift.gateway.store.RoutingStore;
import dev.keyshift.routing.Algorithm;
import dev.keyshift.routing.Alias;
import dev.keyshift.routing.AliasChanges;
import dev.keyshift.routing.Base64Text;
import dev.keyshift.routing.Hierarchy;
import dev.keyshift.routing.KeyVersion;
import dev.keyshift.routing.VersionState;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Moves a hierarchical version's master key to another KEK without touching a blob:
 *
 * <ul>
 *   <li>{@code PUT /admin/v1/aliases/{alias}/versions/{id}/kek} {@code {"backend", "key",
 *       "algorithm"}}: wraps the master key with the new KEK, checks that it unwraps again, and
 *       only then persists it; the previous wrapping is kept.
 *   <li>{@code DELETE /admin/v1/aliases/{alias}/versions/{id}/kek/previous}: drops the kept
 *       wrapping, once the new KEK is trusted.
 * </ul>
 */
final class KekHandler {
  private final RoutingStore store;
  private final Backends backends;
  private final MasterKeys masterKeys;

  KekHandler(RoutingStore store, Backends backends, MasterKeys masterKeys) {
    this.store = store;
    this.backends = backends;
    this.masterKeys = masterKeys;
  }

  void move(RoutingContext ctx) {
    Alias alias = store.get().requireAlias(ctx.pathParam("alias"));
    KeyVersion version = hierarchical(alias, ctx.pathParam("id"));
    KeyVersion newKek = newKek(version, JsonBody.object(ctx.body().buffer()));
    backends
        .of(newKek)
        .prepare(newKek)
        .compose(prepared -> masterKeys.key(alias.name(), version))
        .compose(masterKey -> wrapChecked(alias, newKek, masterKey))
        .compose(
            wrapped ->
                store.change(
                    alias.name(),
                    ctx.request().getHeader(HttpHeaders.IF_MATCH),
                    AdminAuthHandler.actor(ctx),
                    "move-kek",
                    current -> moved(current, version, newKek, wrapped)))
        .onSuccess(changed -> AdminResponses.alias(ctx, 200, changed))
        .onFailure(ctx::fail);
  }

  void dropPrevious(RoutingContext ctx) {
    String versionId = ctx.pathParam("id");
    store
        .change(
            ctx.pathParam("alias"),
            ctx.request().getHeader(HttpHeaders.IF_MATCH),
            AdminAuthHandler.actor(ctx),
            "drop-previous-kek",
            current -> {
              KeyVersion version = hierarchical(current, versionId);
              Hierarchy hierarchy = version.hierarchy();
              if (hierarchy.previous() == null) {
                throw GatewayFailure.of(
                    ErrorCode.INVALID_ROUTING,
                    "alias " + current.name() + " version " + versionId + " keeps no previous KEK");
              }
              return AliasChanges.replaceVersion(
                  current,
                  version.withHierarchy(
                      new Hierarchy(hierarchy.masterKeyId(), hierarchy.wrappedMasterKey(), null)));
            })
        .onSuccess(changed -> AdminResponses.alias(ctx, 200, changed))
        .onFailure(ctx::fail);
  }

  /** The new KEK wraps the master key, and unwraps it again, before anything is persisted. */
  private Future<byte[]> wrapChecked(Alias alias, KeyVersion newKek, byte[] masterKey) {
    return backends.wrapChecked(
        newKek,
        masterKey,
        "alias "
            + alias.name()
            + ": the new KEK "
            + newKek.key()
            + " on backend "
            + newKek.backend());
  }

  /** The version as now stored, moved; a master key replaced meanwhile is a conflict. */
  private static Alias moved(
      Alias current, KeyVersion wrappedFrom, KeyVersion newKek, byte[] wrapped) {
    KeyVersion version = hierarchical(current, wrappedFrom.id());
    Hierarchy hierarchy = version.hierarchy();
    if (!hierarchy.masterKeyId().equals(wrappedFrom.hierarchy().masterKeyId())) {
      throw GatewayFailure.of(
          ErrorCode.CONFLICT, "the version's master key changed meanwhile; read it again");
    }
    Hierarchy.PreviousKek previous =
        new Hierarchy.PreviousKek(
            version.backend(), version.key(), version.algorithm(), hierarchy.wrappedMasterKey());
    return AliasChanges.replaceVersion(
        current,
        version.withKek(
            newKek.backend(),
            newKek.key(),
            newKek.algorithm(),
            new Hierarchy(hierarchy.masterKeyId(), Base64Text.urlUnpadded(wrapped), previous)));
  }

  private static KeyVersion hierarchical(Alias alias, String versionId) {
    KeyVersion version =
        alias
            .version(versionId)
            .orElseThrow(
                () ->
                    GatewayFailure.of(
                        ErrorCode.NOT_FOUND,
                        "alias "
                            + alias.name()
                            + " has no version '"
                            + JsonBody.shown(versionId)
                            + "'"));
    if (!version.isHierarchical() || version.hierarchy().pending()) {
      throw GatewayFailure.of(
          ErrorCode.INVALID_ROUTING,
          "alias "
              + alias.name()
              + " version "
              + versionId
              + " has no master key to move: only a hierarchical version has a KEK");
    }
    return version;
  }

  private KeyVersion newKek(KeyVersion version, JsonObject body) {
    String backend = JsonBody.requiredString(body, "backend");
    if (!backends.names().contains(backend)) {
      throw GatewayFailure.of(
          ErrorCode.INVALID_ROUTING, "no backend named '" + JsonBody.shown(backend) + "'");
    }
    Algorithm algorithm =
        Algorithm.fromWireName(JsonBody.requiredString(body, "algorithm"))
            .orElseThrow(
                () ->
                    GatewayFailure.badRequest(
                        "field 'algorithm' must be one of A256KW, A256KWP, A256GCM,"
                            + " RSA-OAEP-256"));
    return new KeyVersion(
        version.id(),
        backend,
        JsonBody.requiredString(body, "key"),
        algorithm,
        0,
        VersionState.ENABLED);
  }
}
