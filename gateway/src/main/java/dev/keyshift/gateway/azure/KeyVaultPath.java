package dev.keyshift.gateway.azure;

import dev.keyshift.gateway.http.PathSegments;
import dev.keyshift.routing.Operation;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

/**
 * What an Azure SDK call asks, by Key Vault's paths: {@code POST /keys/{alias}/{version?}/wrapkey}
 * or {@code unwrapkey}, or a key read, {@code GET /keys/{alias}[/{version}]}. The version segment
 * may be empty and is never used: the alias's routing decides.
 *
 * @param operation the key operation, or null for a key read
 */
record KeyVaultPath(String alias, Operation operation) {
  static final String PREFIX = "/keys/";

  /** The request's Key Vault path, or null when it asks for something else. */
  static KeyVaultPath of(HttpServerRequest request) {
    String[] segments = PathSegments.after(request.path(), PREFIX);
    if (segments == null || segments[0].isEmpty()) {
      return null;
    }
    if (request.method() == HttpMethod.GET) {
      return segments.length <= 2 ? new KeyVaultPath(segments[0], null) : null;
    }
    if (request.method() != HttpMethod.POST || segments.length < 2 || segments.length > 3) {
      return null;
    }
    Operation operation =
        switch (segments[segments.length - 1]) {
          case "wrapkey" -> Operation.WRAP;
          case "unwrapkey" -> Operation.UNWRAP;
          default -> null;
        };
    return operation == null ? null : new KeyVaultPath(segments[0], operation);
  }

  boolean keyRead() {
    return operation == null;
  }
}
