package dev.keyshift.gateway;

import static dev.keyshift.gateway.TestGateway.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import dev.keyshift.gateway.backend.providers.BackendProviders;
import dev.keyshift.gateway.config.ConfigLoader;
import dev.keyshift.gateway.config.GatewayConfig;
import dev.keyshift.gateway.kms.v2.DecryptRequest;
import dev.keyshift.gateway.kms.v2.DecryptResponse;
import dev.keyshift.gateway.kms.v2.EncryptRequest;
import dev.keyshift.gateway.kms.v2.EncryptResponse;
import dev.keyshift.gateway.kms.v2.StatusRequest;
import dev.keyshift.gateway.kms.v2.StatusResponse;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainSocketAddress;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The KMS v2 plugin driven over its Unix socket by another gRPC implementation (grpc-java on
 * Netty's epoll transport), as a Kubernetes API server would: a local key (v1) cut over to a
 * Managed HSM stand-in (v2).
 */
@ExtendWith(VertxExtension.class)
class KmsPluginTest {
  static final String ROUTING =
      """
      aliases:
        k8s:
          versions:
            - { id: v1, backend: local, key: k8s-v1, algorithm: A256KW, weight: 100 }
            - { id: v2, backend: new-hsm, key: "hsm-kek/1", algorithm: A256KW, weight: 0 }
        other:
          versions:
            - { id: v1, backend: local, key: other-v1, algorithm: A256KW, weight: 100 }
      """;

  static final String SERVICE = "v2.KeyManagementService/";

  static final MethodDescriptor<StatusRequest, StatusResponse> STATUS =
      method("Status", StatusRequest.getDefaultInstance(), StatusResponse.getDefaultInstance());
  static final MethodDescriptor<EncryptRequest, EncryptResponse> ENCRYPT =
      method("Encrypt", EncryptRequest.getDefaultInstance(), EncryptResponse.getDefaultInstance());
  static final MethodDescriptor<DecryptRequest, DecryptResponse> DECRYPT =
      method("Decrypt", DecryptRequest.getDefaultInstance(), DecryptResponse.getDefaultInstance());

  Path socket;
  AzureGatewayFixture fx;
  EventLoopGroup group;
  ManagedChannel channel;

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dir) throws Exception {
    socket = dir.resolve("kms.sock");
    fx =
        AzureGatewayFixture.start(
            vertx,
            dir,
            ROUTING,
            "",
            "",
            Clock.systemUTC(),
            "kms-plugin: { socket: kms.sock, alias: k8s }\n");
    group = new MultiThreadIoEventLoopGroup(2, EpollIoHandler.newFactory());
    channel =
        NettyChannelBuilder.forAddress(new DomainSocketAddress(socket.toString()))
            .eventLoopGroup(group)
            .channelType(EpollDomainSocketChannel.class)
            .overrideAuthority("localhost")
            .usePlaintext()
            .build();
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    group.shutdownGracefully().sync();
    if (fx != null) {
      fx.close();
    }
  }

  @Test
  void status_encrypt_decrypt_andACutoverThatChangesTheKeyId() throws Exception {
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)))
        .isEqualTo("rw-------");
    StatusResponse status = call(STATUS, StatusRequest.getDefaultInstance());
    assertThat(status.getVersion()).isEqualTo("v2");
    assertThat(status.getHealthz()).isEqualTo("ok");
    assertThat(status.getKeyId()).isEqualTo("ks1:k8s:v1");

    byte[] dek = "a 32-byte data encryption key!!!".getBytes(StandardCharsets.UTF_8);
    EncryptResponse old = encrypt(dek);
    assertThat(old.getKeyId()).isEqualTo("ks1:k8s:v1");
    assertThat(old.getCiphertext().toStringUtf8()).startsWith("ks1:k8s:v1:");
    assertThat(decrypt(old.getCiphertext(), old.getKeyId()).getPlaintext().toByteArray())
        .isEqualTo(dek);

    Response flipped = setWeights("{\"weights\": {\"v1\": 0, \"v2\": 100}}");
    assertThat(flipped.status()).as(flipped.body()).isEqualTo(200);
    assertThat(call(STATUS, StatusRequest.getDefaultInstance()).getKeyId()).isEqualTo("ks1:k8s:v2");
    EncryptResponse fresh = encrypt(dek);
    assertThat(fresh.getKeyId()).isEqualTo("ks1:k8s:v2");
    assertThat(fresh.getCiphertext().toStringUtf8()).startsWith("ks1:k8s:v2:");
    assertThat(decrypt(fresh.getCiphertext(), fresh.getKeyId()).getPlaintext().toByteArray())
        .isEqualTo(dek);
    assertThat(decrypt(old.getCiphertext(), old.getKeyId()).getPlaintext().toByteArray())
        .as("a key_id other than the current one is normal after a cutover")
        .isEqualTo(dek);
    assertThat(fx.gw.get(fx.gw.admin("/metrics")).body())
        .contains(
            "keyshift_requests_total{alias=\"k8s\",operation=\"unwrap\",outcome=\"success\",version=\"v1\"}")
        .contains(
            "keyshift_requests_total{alias=\"k8s\",operation=\"wrap\",outcome=\"success\",version=\"v2\"}");
  }

  @Test
  void aSplitOfWeights_isRefusedForTheKmsAlias_namingWhy() {
    Response split = setWeights("{\"weights\": {\"v1\": 50, \"v2\": 50}}");
    assertThat(split.status()).isEqualTo(422);
    assertThat(split.errorMessage())
        .startsWith(
            "alias k8s is served by kms-plugin, and the Kubernetes API server needs one stable"
                + " key id: exactly one version may have weight (now v1, v2)");
    assertThat(call(STATUS, StatusRequest.getDefaultInstance()).getKeyId()).isEqualTo("ks1:k8s:v1");
    Response plan =
        fx.gw.request(
            "PUT",
            fx.gw.admin("/admin/v1/aliases/k8s/plan"),
            ADMIN_TOKEN,
            "{\"steps\": [{\"weights\": {\"v1\": 90, \"v2\": 10}, \"hold\": \"10m\"}]}");
    assertThat(plan.status()).isEqualTo(422);
    assertThat(plan.errorMessage()).startsWith("step 1: alias k8s is served by kms-plugin");
    Response flipPlan =
        fx.gw.request(
            "PUT",
            fx.gw.admin("/admin/v1/aliases/k8s/plan"),
            ADMIN_TOKEN,
            "{\"steps\": [{\"weights\": {\"v1\": 100}, \"shadows\": {\"v2\": 50},"
                + " \"hold\": \"10m\"}, {\"weights\": {\"v2\": 100}, \"hold\": \"10m\"}]}");
    assertThat(flipPlan.status()).as("shadows, then a whole flip").isEqualTo(201);
  }

  @Test
  void aRoutingFileThatSplitsTheKmsAlias_keepsTheGatewayFromStarting(Vertx vertx, @TempDir Path dir)
      throws Exception {
    Files.writeString(dir.resolve("keystore.password"), "test-password\n");
    Files.writeString(
        dir.resolve("keyshift.yaml"),
        TestGateway.config() + "kms-plugin: { socket: kms.sock, alias: k8s }\n");
    Files.writeString(
        dir.resolve("routing.yaml"),
        ROUTING
            .replace("weight: 0 }", "weight: 5 }")
            .replace("new-hsm", "local")
            .replace("\"hsm-kek/1\"", "k8s-v2"));
    GatewayConfig config =
        ConfigLoader.load(dir.resolve("keyshift.yaml"), BackendProviders.types())
            .withPortsForTesting(0, 0);
    assertThat(Gateway.start(vertx, config).toCompletionStage().toCompletableFuture())
        .failsWithin(Duration.ofSeconds(60))
        .withThrowableThat()
        .withMessageContaining("routing.yaml: aliases: alias k8s is served by kms-plugin");
  }

  @Test
  void badInput_isInvalidArgument_andBackendTroubleUnavailable_neverNamingThePlaintext() {
    assertStatus(() -> encrypt(new byte[0]), Status.Code.INVALID_ARGUMENT, "plaintext is empty");
    assertStatus(
        () -> encrypt(new byte[5000]),
        Status.Code.INVALID_ARGUMENT,
        "plaintext of 5000 bytes is over the limit of 4096");
    byte[] secret = "not a multiple of eight!!".getBytes(StandardCharsets.UTF_8);
    StatusRuntimeException odd =
        assertStatus(() -> encrypt(secret), Status.Code.INVALID_ARGUMENT, null);
    assertThat(odd.getStatus().getDescription())
        .doesNotContain(new String(secret, StandardCharsets.UTF_8))
        .doesNotContain(HexFormat.of().formatHex(secret));
    assertStatus(
        () -> decrypt(ByteString.copyFromUtf8("garbage"), ""), Status.Code.INVALID_ARGUMENT, null);
    assertStatus(
        () -> decrypt(ByteString.copyFrom(new byte[] {(byte) 0xff, 0x00}), ""),
        Status.Code.INVALID_ARGUMENT,
        "ciphertext is not a keyshift envelope (ks1:...)");
    assertStatus(
        () -> decrypt(ByteString.EMPTY, ""), Status.Code.INVALID_ARGUMENT, "ciphertext is empty");
    String otherAlias = fx.gw.wrap("other", new byte[32], null).getString("ciphertext");
    assertStatus(
        () -> decrypt(ByteString.copyFromUtf8(otherAlias), ""), Status.Code.INVALID_ARGUMENT, null);

    assertThat(setWeights("{\"weights\": {\"v1\": 0, \"v2\": 100}}").status()).isEqualTo(200);
    fx.managedHsm.failNext(403, 1);
    assertStatus(() -> encrypt(new byte[32]), Status.Code.UNAVAILABLE, null);
  }

  @Test
  void theApiServersStartUpBurst_thousandsOfDecrypts50InFlight_allSucceed() throws Exception {
    EventLoopBlocking.watch();
    List<EncryptResponse> stored = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      stored.add(encrypt(String.format("%-32s", "secret " + i).getBytes(StandardCharsets.UTF_8)));
    }
    int calls = 3000;
    Semaphore inFlight = new Semaphore(50);
    List<CompletableFuture<DecryptResponse>> answers = new ArrayList<>();
    for (int i = 0; i < calls; i++) {
      inFlight.acquire();
      EncryptResponse blob = stored.get(i % stored.size());
      CompletableFuture<DecryptResponse> answer = new CompletableFuture<>();
      answers.add(answer);
      com.google.common.util.concurrent.ListenableFuture<DecryptResponse> call =
          ClientCalls.futureUnaryCall(
              channel.newCall(DECRYPT, CallOptions.DEFAULT.withDeadlineAfter(60, TimeUnit.SECONDS)),
              DecryptRequest.newBuilder()
                  .setCiphertext(blob.getCiphertext())
                  .setKeyId(blob.getKeyId())
                  .setUid("uid-" + i)
                  .build());
      call.addListener(
          () -> {
            inFlight.release();
            try {
              answer.complete(call.get());
            } catch (Exception e) {
              answer.completeExceptionally(e);
            }
          },
          Runnable::run);
    }
    for (int i = 0; i < calls; i++) {
      assertThat(answers.get(i).get(60, TimeUnit.SECONDS).getPlaintext().toStringUtf8())
          .isEqualTo(String.format("%-32s", "secret " + (i % stored.size())));
    }
    assertThat(EventLoopBlocking.calls()).as("blocking calls on an event loop").isEmpty();
  }

  @Test
  void theSocketIsRemovedOnShutdown() throws Exception {
    assertThat(socket).exists();
    fx.gw.close();
    assertThat(socket).doesNotExist();
    fx.keyVault.close();
    fx.managedHsm.close();
    fx = null;
  }

  private Response setWeights(String body) {
    return fx.gw.request("PUT", fx.gw.admin("/admin/v1/aliases/k8s/weights"), ADMIN_TOKEN, body);
  }

  private EncryptResponse encrypt(byte[] plaintext) {
    return call(
        ENCRYPT,
        EncryptRequest.newBuilder()
            .setPlaintext(ByteString.copyFrom(plaintext))
            .setUid("u")
            .build());
  }

  private DecryptResponse decrypt(ByteString ciphertext, String keyId) {
    return call(
        DECRYPT,
        DecryptRequest.newBuilder().setCiphertext(ciphertext).setKeyId(keyId).setUid("u").build());
  }

  private <Q, A> A call(MethodDescriptor<Q, A> method, Q request) {
    return ClientCalls.blockingUnaryCall(
        channel, method, CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS), request);
  }

  private static StatusRuntimeException assertStatus(
      Runnable call, Status.Code code, String description) {
    StatusRuntimeException failure =
        (StatusRuntimeException) org.assertj.core.api.Assertions.catchThrowable(call::run);
    assertThat(failure).as("the call fails").isNotNull();
    assertThat(failure.getStatus().getCode()).as(failure.toString()).isEqualTo(code);
    if (description != null) {
      assertThat(failure.getStatus().getDescription()).isEqualTo(description);
    }
    return failure;
  }

  private static <Q extends Message, A extends Message> MethodDescriptor<Q, A> method(
      String name, Q request, A response) {
    return MethodDescriptor.<Q, A>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(SERVICE + name)
        .setRequestMarshaller(ProtoUtils.marshaller(request))
        .setResponseMarshaller(ProtoUtils.marshaller(response))
        .build();
  }
}
