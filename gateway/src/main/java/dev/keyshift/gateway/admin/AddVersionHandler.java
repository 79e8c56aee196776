package dev.keyshift.gateway.admin;

import dev.keyshift.gateway.auth.AdminAuthHandler;
import dev.keyshift.gateway.failure.GatewayFailure;
import dev.keyshift.gateway.http.JsonBody;
import dev.keyshift.gateway.store.RoutingStore;
import dev.keyshift.routing.Algorithm;
import dev.keyshift.routing.AliasChanges;
import dev.keyshift.routing.Hierarchy;
import dev.keyshift.routing.KeyVersion;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /admin/v1/aliases/{alias}/versions} {@code {"id", "backend", "key", "algorithm",
 * "hierarchy"?}}: adds a newest version with weight 0, its key prepared (created where the backend
 * may) first. With {@code "hierarchy": true} the key is a KEK, and a master key is generated and
 * stored wrapped by it.
 */
final class AddVersionHandler {
  private static final Set<String> FIELDS =
      Set.of("id", "backend", "key", "algorithm", "hierarchy");

  private final RoutingStore store;

  AddVersionHandler(RoutingStore store) {
    this.store = store;
  }

  void handle(RoutingContext ctx) {
    KeyVersion version = version(JsonBody.object(ctx.body().buffer()));
    String alias = ctx.pathParam("alias");
    store
        .change(
            alias,
            ctx.request().getHeader(HttpHeaders.IF_MATCH),
            AdminAuthHandler.actor(ctx),
            "add-version",
            current -> AliasChanges.addVersion(current, version))
        .onSuccess(
            changed -> {
              ctx.response().putHeader(HttpHeaders.LOCATION, "/admin/v1/aliases/" + alias);
              AdminResponses.alias(ctx, 201, changed);
            })
        .onFailure(ctx::fail);
  }

  private static String algorithms() {
    List<String> names = new ArrayList<>();
    for (Algorithm algorithm : Algorithm.values()) {
      names.add(algorithm.wireName());
    }
    return String.join(", ", names);
  }

  static KeyVersion version(JsonObject body) {
    for (String field : body.fieldNames()) {
      if (!FIELDS.contains(field)) {
        throw GatewayFailure.badRequest(
            "unknown field '"
                + field
                + "': a new version has id, backend, key, algorithm and optionally hierarchy,"
                + " and starts at weight 0");
      }
    }
    String algorithm = JsonBody.requiredString(body, "algorithm");
    Object hierarchy = body.getValue("hierarchy");
    if (hierarchy != null && !(hierarchy instanceof Boolean)) {
      throw GatewayFailure.badRequest("field 'hierarchy' must be true or false");
    }
    KeyVersion version =
        KeyVersion.added(
            JsonBody.requiredString(body, "id"),
            JsonBody.requiredString(body, "backend"),
            JsonBody.requiredString(body, "key"),
            Algorithm.fromWireName(algorithm)
                .orElseThrow(
                    () ->
                        GatewayFailure.badRequest(
                            "field 'algorithm' must be one of " + algorithms())));
    return Boolean.TRUE.equals(hierarchy) ? version.withHierarchy(Hierarchy.PENDING) : version;
  }
}
