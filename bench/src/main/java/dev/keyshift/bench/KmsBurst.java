package dev.keyshift.bench;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import dev.keyshift.gateway.kms.v2.DecryptRequest;
import dev.keyshift.gateway.kms.v2.DecryptResponse;
import dev.keyshift.gateway.kms.v2.EncryptRequest;
import dev.keyshift.gateway.kms.v2.EncryptResponse;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * An API server's start-up burst against the KMS plugin: {@code calls} Decrypts of stored DEKs with
 * {@code inFlight} outstanding, over the plugin's Unix socket, latency per call from send to
 * answer. Usage: {@code KmsBurst SOCKET CALLS IN_FLIGHT ROUNDS}; prints one line per round.
 */
public final class KmsBurst {
  private KmsBurst() {}

  public static void main(String[] args) throws Exception {
    String socket = args[0];
    int calls = Integer.parseInt(args[1]);
    int inFlight = Integer.parseInt(args[2]);
    int rounds = Integer.parseInt(args[3]);
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, EpollIoHandler.newFactory());
    ManagedChannel channel =
        NettyChannelBuilder.forAddress(new DomainSocketAddress(socket))
            .eventLoopGroup(group)
            .channelType(EpollDomainSocketChannel.class)
            .overrideAuthority("localhost")
            .usePlaintext()
            .build();
    MethodDescriptor<EncryptRequest, EncryptResponse> encrypt =
        method(
            "Encrypt", EncryptRequest.getDefaultInstance(), EncryptResponse.getDefaultInstance());
    MethodDescriptor<DecryptRequest, DecryptResponse> decrypt =
        method(
            "Decrypt", DecryptRequest.getDefaultInstance(), DecryptResponse.getDefaultInstance());
    List<EncryptResponse> stored = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      byte[] dek = new byte[32];
      ThreadLocalRandom.current().nextBytes(dek);
      stored.add(
          ClientCalls.blockingUnaryCall(
              channel,
              encrypt,
              CallOptions.DEFAULT,
              EncryptRequest.newBuilder().setPlaintext(ByteString.copyFrom(dek)).build()));
    }
    for (int round = 0; round <= rounds; round++) {
      Result result = burst(channel, decrypt, stored, calls, inFlight);
      // Round 0 warms the JIT and the connection; it is not reported.
      if (round > 0) {
        System.out.println(result);
      }
    }
    channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    group.shutdownGracefully();
  }

  record Result(int calls, int inFlight, int failed, double seconds, ConcurrentHistogram micros) {
    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "decrypt burst: %d calls, %d in flight, %d failed, %.0f calls/s,"
              + " p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms",
          calls,
          inFlight,
          failed,
          calls / seconds,
          micros.getValueAtPercentile(50) / 1000.0,
          micros.getValueAtPercentile(99) / 1000.0,
          micros.getValueAtPercentile(99.9) / 1000.0,
          micros.getMaxValue() / 1000.0);
    }
  }

  private static Result burst(
      ManagedChannel channel,
      MethodDescriptor<DecryptRequest, DecryptResponse> decrypt,
      List<EncryptResponse> stored,
      int calls,
      int inFlight)
      throws InterruptedException {
    ConcurrentHistogram micros = new ConcurrentHistogram(3);
    Semaphore window = new Semaphore(inFlight);
    CountDownLatch done = new CountDownLatch(calls);
    AtomicInteger failed = new AtomicInteger();
    long start = System.nanoTime();
    for (int i = 0; i < calls; i++) {
      window.acquire();
      EncryptResponse blob = stored.get(i % stored.size());
      long sent = System.nanoTime();
      ListenableFuture<DecryptResponse> answer =
          ClientCalls.futureUnaryCall(
              channel.newCall(decrypt, CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS)),
              DecryptRequest.newBuilder()
                  .setCiphertext(blob.getCiphertext())
                  .setKeyId(blob.getKeyId())
                  .build());
      answer.addListener(
          () -> {
            micros.recordValue((System.nanoTime() - sent) / 1000);
            try {
              answer.get();
            } catch (Exception e) {
              failed.incrementAndGet();
            }
            window.release();
            done.countDown();
          },
          Runnable::run);
    }
    done.await();
    return new Result(calls, inFlight, failed.get(), (System.nanoTime() - start) / 1e9, micros);
  }

  private static <Q extends Message, A extends Message> MethodDescriptor<Q, A> method(
      String name, Q request, A response) {
    return MethodDescriptor.<Q, A>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName("v2.KeyManagementService/" + name)
        .setRequestMarshaller(ProtoUtils.marshaller(request))
        .setResponseMarshaller(ProtoUtils.marshaller(response))
        .build();
  }
}
