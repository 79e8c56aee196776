package dev.keyshift.gateway.kms;

import com.google.protobuf.ByteString;
import dev.keyshift.gateway.failure.GatewayFailure;
import dev.keyshift.gateway.keys.KeyService;
import dev.keyshift.gateway.kms.v2.DecryptRequest;
import dev.keyshift.gateway.kms.v2.DecryptResponse;
import dev.keyshift.gateway.kms.v2.EncryptRequest;
import dev.keyshift.gateway.kms.v2.EncryptResponse;
import dev.keyshift.gateway.kms.v2.StatusRequest;
import dev.keyshift.gateway.kms.v2.StatusResponse;
import dev.keyshift.routing.Alias;
import dev.keyshift.routing.Envelope;
import dev.keyshift.routing.KeyVersion;
import dev.keyshift.routing.RoutingSnapshot;
import io.vertx.core.Future;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The Kubernetes KMS v2 {@code KeyManagementService} for one alias. {@code Encrypt} wraps with the
 * alias's one weighted version and answers its envelope prefix as {@code key_id} ({@code
 * ks1:k8s-secrets:v2}); {@code Decrypt} routes by the envelope, so every older version keeps
 * decrypting after a cutover; {@code Status} answers {@code v2}, the write version's backend health
 * and the key id. Each call is counted as a wrap or unwrap of the alias, as on the other surfaces.
 */
final class KmsService {
  /** The largest plaintext Encrypt takes: the API server sends a 32-byte data key. */
  static final int MAX_PLAINTEXT_BYTES = 4096;

  static final ServiceName SERVICE = ServiceName.create("v2", "KeyManagementService");

  private final String alias;
  private final Supplier<RoutingSnapshot> routing;
  private final KeyService keys;
  private final Supplier<Map<String, String>> degraded;

  /**
   * @param degraded the backends whose latest health probe failed, with why
   */
  KmsService(
      String alias,
      Supplier<RoutingSnapshot> routing,
      KeyService keys,
      Supplier<Map<String, String>> degraded) {
    this.alias = alias;
    this.routing = routing;
    this.keys = keys;
    this.degraded = degraded;
  }

  void mount(GrpcServer server) {
    unary(server, "Status", StatusRequest.getDefaultInstance(), this::status);
    unary(server, "Encrypt", EncryptRequest.getDefaultInstance(), this::encrypt);
    unary(server, "Decrypt", DecryptRequest.getDefaultInstance(), this::decrypt);
  }

  Future<StatusResponse> status(StatusRequest request) {
    KeyVersion writer = writeVersion();
    String problem = degraded.get().get(writer.backend());
    return Future.succeededFuture(
        StatusResponse.newBuilder()
            .setVersion("v2")
            .setHealthz(problem == null ? "ok" : "backend " + writer.backend() + ": " + problem)
            .setKeyId(keyId(writer))
            .build());
  }

  Future<EncryptResponse> encrypt(EncryptRequest request) {
    int length = request.getPlaintext().size();
    if (length == 0) {
      return Future.failedFuture(GatewayFailure.badRequest("plaintext is empty"));
    }
    if (length > MAX_PLAINTEXT_BYTES) {
      return Future.failedFuture(
          GatewayFailure.badRequest(
              "plaintext of " + length + " bytes is over the limit of " + MAX_PLAINTEXT_BYTES));
    }
    return keys.wrap(alias, request.getPlaintext().toByteArray(), null)
        .map(
            wrapped ->
                EncryptResponse.newBuilder()
                    .setCiphertext(
                        ByteString.copyFrom(wrapped.ciphertext(), StandardCharsets.UTF_8))
                    .setKeyId(Envelope.PREFIX + alias + ":" + wrapped.keyVersion())
                    .build());
  }

  Future<DecryptResponse> decrypt(DecryptRequest request) {
    if (request.getCiphertext().isEmpty()) {
      return Future.failedFuture(GatewayFailure.badRequest("ciphertext is empty"));
    }
    if (!request.getCiphertext().isValidUtf8()) {
      return Future.failedFuture(
          GatewayFailure.badRequest("ciphertext is not a keyshift envelope (ks1:...)"));
    }
    return keys.unwrapOnly(alias, request.getCiphertext().toStringUtf8())
        .map(
            unwrapped ->
                DecryptResponse.newBuilder()
                    .setPlaintext(ByteString.copyFrom(unwrapped.plaintext()))
                    .build());
  }

  private KeyVersion writeVersion() {
    Alias routed = routing.get().requireAlias(alias);
    for (KeyVersion version : routed.versions()) {
      if (version.weight() > 0) {
        return version;
      }
    }
    throw new IllegalStateException("alias " + alias + " has no weighted version");
  }

  private String keyId(KeyVersion version) {
    return Envelope.PREFIX + alias + ":" + version.id();
  }

  /** One unary method: decode, call, answer, failures mapped by {@link KmsErrors}. */
  private static <Q extends com.google.protobuf.Message, A extends com.google.protobuf.Message>
      void unary(GrpcServer server, String name, Q prototype, Function<Q, Future<A>> call) {
    ServiceMethod<Q, A> method =
        ServiceMethod.server(
            SERVICE, name, GrpcMessageEncoder.encoder(), GrpcMessageDecoder.decoder(prototype));
    server.callHandler(method, request -> serve(request, name, call));
  }

  private static <Q, A> void serve(
      GrpcServerRequest<Q, A> request, String name, Function<Q, Future<A>> call) {
    request
        .last()
        .compose(
            message -> {
              try {
                return call.apply(message);
              } catch (RuntimeException e) {
                return Future.failedFuture(e);
              }
            })
        .onSuccess(answer -> request.response().end(answer))
        .onFailure(failure -> KmsErrors.respond(request.response(), name, failure));
  }
}
