package dev.keyshift.gateway.kms;

import dev.keyshift.gateway.config.KmsPluginConfig;
import dev.keyshift.gateway.keys.KeyService;
import dev.keyshift.gateway.store.RoutingRule;
import dev.keyshift.routing.RoutingSnapshot;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kubernetes KMS v2 plugin ({@code kms-plugin}): gRPC over HTTP/2 on a Unix domain socket,
 * created with mode 0600 (only the API server's user, which runs as the same user or root, may
 * connect) and removed on shutdown.
 */
public final class KmsPlugin {
  /** gRPC messages above this are refused before they are read: the API server sends small ones. */
  static final long MAX_MESSAGE_BYTES = 1024 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(KmsPlugin.class);

  private final Vertx vertx;
  private final KmsPluginConfig config;
  private HttpServer server;

  private KmsPlugin(Vertx vertx, KmsPluginConfig config) {
    this.vertx = vertx;
    this.config = config;
  }

  /** The rule the plugin's alias must keep: exactly one weighted version. */
  public static RoutingRule rule(KmsPluginConfig config) {
    return config == null ? RoutingRule.NONE : new KmsRule(config.alias());
  }

  /** Binds the socket (replacing a stale one) and serves until {@link #stop}. */
  public static Future<KmsPlugin> start(
      Vertx vertx,
      KmsPluginConfig config,
      Supplier<RoutingSnapshot> routing,
      KeyService keys,
      Supplier<Map<String, String>> degraded) {
    KmsPlugin plugin = new KmsPlugin(vertx, config);
    GrpcServer grpc =
        GrpcServer.server(vertx, new GrpcServerOptions().setMaxMessageSize(MAX_MESSAGE_BYTES));
    new KmsService(config.alias(), routing, keys, degraded).mount(grpc);
    Path socket = config.socket();
    return vertx
        .executeBlocking(
            () -> {
              Files.deleteIfExists(socket);
              return null;
            },
            false)
        .compose(
            removed ->
                vertx
                    .createHttpServer(new HttpServerOptions())
                    .requestHandler(grpc)
                    .listen(SocketAddress.domainSocketAddress(socket.toString())))
        .compose(
            listening -> {
              plugin.server = listening;
              return vertx.executeBlocking(
                  () -> {
                    Files.setPosixFilePermissions(
                        socket, PosixFilePermissions.fromString("rw-------"));
                    return plugin;
                  },
                  false);
            })
        .onSuccess(
            started ->
                LOG.info(
                    "kms-plugin serving alias {} on unix:{}", config.alias(), config.socket()));
  }

  /** Stops serving and removes the socket. */
  public Future<Void> stop() {
    Future<Void> closed = server == null ? Future.succeededFuture() : server.close();
    return closed.compose(
        done ->
            vertx.executeBlocking(
                () -> {
                  try {
                    Files.deleteIfExists(config.socket());
                  } catch (IOException e) {
                    LOG.warn(
                        "kms-plugin socket {} not removed: {}", config.socket(), e.getMessage());
                  }
                  return null;
                },
                false));
  }
}
