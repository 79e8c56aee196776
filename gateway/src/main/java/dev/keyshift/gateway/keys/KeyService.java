package dev.keyshift.gateway.keys;

import dev.keyshift.gateway.backend.Backends;
import dev.keyshift.gateway.failure.GatewayFailure;
import dev.keyshift.gateway.usage.Usage;
import dev.keyshift.metrics.KeyshiftMetrics;
import dev.keyshift.metrics.MeterNames;
import dev.keyshift.metrics.RewrapMode;
import dev.keyshift.routing.Alias;
import dev.keyshift.routing.Envelope;
import dev.keyshift.routing.KeyVersion;
import dev.keyshift.routing.Operation;
import dev.keyshift.routing.RoutingSnapshot;
import dev.keyshift.routing.StoredBlob;
import dev.keyshift.routing.UnknownAliasException;
import io.vertx.core.Future;
import java.security.SecureRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key operations behind every surface: routes each call by the routing in force, applies the
 * forward-only lazy rewrap rule, and records {@code keyshift_requests_total}. One routing snapshot
 * is read per call, so a concurrent routing change never splits an operation.
 */
public final class KeyService {
  private static final Logger LOG = LoggerFactory.getLogger(KeyService.class);

  private final Supplier<RoutingSnapshot> routing;
  private final Backends backends;
  private final KeyshiftMetrics metrics;
  private final Usage usage;
  private final SecureRandom random = new SecureRandom();

  public KeyService(
      Supplier<RoutingSnapshot> routing, Backends backends, KeyshiftMetrics metrics, Usage usage) {
    this.routing = routing;
    this.backends = backends;
    this.metrics = metrics;
    this.usage = usage;
  }

  public Future<Results.Wrapped> wrap(String aliasName, byte[] plaintext, String routingKey) {
    return metered(
        Operation.WRAP,
        aliasName,
        Results.Wrapped::keyVersion,
        alias -> {
          alias.checkWrappable(plaintext.length);
          return wrapTo(alias, alias.select(routingKey, random()), plaintext);
        });
  }

  /** Unwraps; with lazy rewrap on, also moves the blob to a newer selected version. */
  public Future<Results.Unwrapped> unwrap(String aliasName, String ciphertext, String routingKey) {
    return unwrap(
        aliasName,
        ciphertext,
        (alias, blob, plaintext) -> lazyRewrap(alias, blob, plaintext, routingKey));
  }

  /**
   * Unwraps and never rewraps: for surfaces that cannot hand a new blob back (the Azure-compatible
   * one), where a lazy rewrap would spend vault quota and count a move that never happened.
   */
  public Future<Results.Unwrapped> unwrapOnly(String aliasName, String ciphertext) {
    return unwrap(
        aliasName,
        ciphertext,
        (alias, blob, plaintext) ->
            Future.succeededFuture(new Results.Unwrapped(plaintext, blob.version().id(), null)));
  }

  private Future<Results.Unwrapped> unwrap(String aliasName, String ciphertext, AfterUnwrap then) {
    return metered(
        Operation.UNWRAP,
        aliasName,
        Results.Unwrapped::keyVersion,
        alias -> {
          StoredBlob blob = StoredBlob.read(alias, ciphertext);
          return unwrapBlob(blob)
              .compose(
                  plaintext -> {
                    usage.unwrapped(alias.name(), blob.version().id());
                    return then.apply(alias, blob, plaintext);
                  });
        });
  }

  /** What an unwrap does with the plaintext it recovered before answering. */
  private interface AfterUnwrap {
    Future<Results.Unwrapped> apply(Alias alias, StoredBlob blob, byte[] plaintext);
  }

  /**
   * Moves a blob to the selected version when that is newer; never returns plaintext.
   *
   * @param mode {@link RewrapMode#EXPLICIT} for an application's call, {@link RewrapMode#BULK} for
   *     the bulk rewrap job's
   */
  public Future<Results.Rewrapped> rewrap(
      String aliasName, String ciphertext, String routingKey, RewrapMode mode) {
    return metered(
        Operation.REWRAP,
        aliasName,
        Results.Rewrapped::keyVersion,
        alias -> {
          StoredBlob blob = StoredBlob.read(alias, ciphertext);
          KeyVersion target = alias.rewrapTarget(blob.version(), routingKey, random()).orElse(null);
          if (target == null) {
            return unwrapBlob(blob)
                .map(verified -> new Results.Rewrapped(ciphertext, blob.version().id(), false));
          }
          // A blob that does not unwrap is an invalid ciphertext, not a failed rewrap.
          return unwrapBlob(blob)
              .compose(plaintext -> rewrapTo(alias, blob, target, plaintext, mode))
              .map(
                  wrapped ->
                      new Results.Rewrapped(wrapped.ciphertext(), wrapped.keyVersion(), true));
        });
  }

  /** Generates {@code bytes} random bytes and wraps them. */
  public Future<Results.DataKey> dataKey(String aliasName, int bytes, String routingKey) {
    return metered(
        Operation.DATAKEY,
        aliasName,
        dataKey -> dataKey.wrapped().keyVersion(),
        alias -> {
          alias.checkWrappable(bytes, "data key");
          byte[] plaintext = new byte[bytes];
          random.nextBytes(plaintext);
          return wrapTo(alias, alias.select(routingKey, random()), plaintext)
              .map(wrapped -> new Results.DataKey(plaintext, wrapped));
        });
  }

  private Future<byte[]> unwrapBlob(StoredBlob blob) {
    return backends.of(blob.version()).unwrap(blob.version(), blob.payload());
  }

  private Future<Results.Wrapped> wrapTo(Alias alias, KeyVersion target, byte[] plaintext) {
    return backends
        .of(target)
        .wrap(target, plaintext)
        .map(
            payload -> {
              usage.wrapped(alias.name(), target.id());
              return new Results.Wrapped(
                  new Envelope(alias.name(), target.id(), payload).format(), target.id());
            });
  }

  private Future<Results.Unwrapped> lazyRewrap(
      Alias alias, StoredBlob blob, byte[] plaintext, String routingKey) {
    Results.Unwrapped plain = new Results.Unwrapped(plaintext, blob.version().id(), null);
    KeyVersion target =
        alias.lazyRewrap()
            ? alias.rewrapTarget(blob.version(), routingKey, random()).orElse(null)
            : null;
    if (target == null) {
      return Future.succeededFuture(plain);
    }
    return rewrapTo(alias, blob, target, plaintext, RewrapMode.LAZY)
        .map(wrapped -> new Results.Unwrapped(plaintext, blob.version().id(), wrapped))
        // A failed lazy rewrap never fails the unwrap: the client still has a readable blob.
        .otherwise(plain);
  }

  /** Wraps an unwrapped blob's plaintext under a newer version; the attempt is counted. */
  private Future<Results.Wrapped> rewrapTo(
      Alias alias, StoredBlob blob, KeyVersion target, byte[] plaintext, RewrapMode mode) {
    // Starting from a completed Future turns a synchronous refusal (a plaintext the target's
    // algorithm cannot take) into a failed attempt like any other.
    return Future.<byte[]>succeededFuture(plaintext)
        .compose(bytes -> wrapTo(alias, target, fitFor(target, bytes)))
        .andThen(done -> recordRewrap(alias, blob, target, mode, done.succeeded()));
  }

  private void recordRewrap(
      Alias alias, StoredBlob blob, KeyVersion target, RewrapMode mode, boolean ok) {
    String outcome = ok ? MeterNames.OUTCOME_SUCCESS : MeterNames.OUTCOME_FAILURE;
    if (!ok) {
      LOG.warn(
          "{} rewrap of alias {} from {} to {} failed",
          mode.tag(),
          alias.name(),
          blob.version().id(),
          target.id());
    }
    metrics.rewrap(alias.name(), blob.version().id(), target.id(), mode, outcome);
  }

  private static byte[] fitFor(KeyVersion version, byte[] plaintext) {
    version.checkPlaintext(plaintext.length);
    return plaintext;
  }

  private static ThreadLocalRandom random() {
    return ThreadLocalRandom.current();
  }

  private <T> Future<T> metered(
      Operation operation,
      String aliasName,
      Function<T, String> versionOf,
      Function<Alias, Future<T>> body) {
    long start = System.nanoTime();
    Alias alias = routing.get().alias(aliasName).orElse(null);
    Future<T> result;
    try {
      result =
          alias == null
              ? Future.failedFuture(new UnknownAliasException(aliasName))
              : body.apply(alias);
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    String aliasTag = alias == null ? MeterNames.NONE : alias.name();
    return result.andThen(
        done ->
            metrics.request(
                operation.wireName(),
                aliasTag,
                done.succeeded() ? versionOf.apply(done.result()) : MeterNames.NONE,
                done.succeeded()
                    ? MeterNames.OUTCOME_SUCCESS
                    : GatewayFailure.codeOf(done.cause()).outcomeTag(),
                System.nanoTime() - start));
  }
}
