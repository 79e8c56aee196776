package dev.keyshift.gateway.keys;

import dev.keyshift.gateway.async.Futures;
import dev.keyshift.gateway.backend.Backends;
import dev.keyshift.gateway.failure.ErrorCode;
import dev.keyshift.gateway.failure.GatewayFailure;
import dev.keyshift.gateway.failure.LogThrottle;
import dev.keyshift.gateway.usage.PlanCalls;
import dev.keyshift.gateway.usage.Usage;
import dev.keyshift.metrics.KeyshiftMetrics;
import dev.keyshift.metrics.MeterNames;
import dev.keyshift.metrics.RewrapMode;
import dev.keyshift.routing.Alias;
import dev.keyshift.routing.Envelope;
import dev.keyshift.routing.HierarchicalPayload;
import dev.keyshift.routing.KeyVersion;
import dev.keyshift.routing.Operation;
import dev.keyshift.routing.RoutingSnapshot;
import dev.keyshift.routing.StoredBlob;
import dev.keyshift.routing.UnknownAliasException;
import io.vertx.core.Future;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
  private final MasterKeys masterKeys;
  private final PlanCalls planCalls;
  private final ShadowWraps shadows;
  private final LogThrottle rewrapFailures = new LogThrottle();

  /**
   * One generator per thread: the platform's default serialises every caller on one lock and reads
   * the kernel on each call, which a nonce per wrap turns into the serving path's cost.
   */
  private static final ThreadLocal<SecureRandom> RANDOM =
      ThreadLocal.withInitial(KeyService::newRandom);

  public KeyService(
      Supplier<RoutingSnapshot> routing,
      Backends backends,
      KeyshiftMetrics metrics,
      Usage usage,
      MasterKeys masterKeys,
      PlanCalls planCalls) {
    this.routing = routing;
    this.backends = backends;
    this.metrics = metrics;
    this.usage = usage;
    this.masterKeys = masterKeys;
    this.planCalls = planCalls;
    this.shadows = new ShadowWraps(metrics, this::shadowRoundTrip);
  }

  public Future<Results.Wrapped> wrap(String aliasName, byte[] plaintext, String routingKey) {
    return wrap(aliasName, plaintext, routingKey, null);
  }

  /**
   * @param context what the blob is bound to (null: nothing); only hierarchical versions bind one,
   *     so a context on an alias with another version taking wraps is refused
   */
  public Future<Results.Wrapped> wrap(
      String aliasName, byte[] plaintext, String routingKey, String context) {
    return metered(
        Operation.WRAP,
        aliasName,
        Results.Wrapped::keyVersion,
        alias -> {
          alias.checkWrappable(plaintext.length);
          checkContext(alias, context);
          KeyVersion target = alias.select(routingKey, random());
          Future<Results.Wrapped> wrapped = wrapTo(alias, target, plaintext, context);
          if (!alias.hasShadows()) {
            return wrapped;
          }
          return wrapped.andThen(
              done -> {
                if (done.succeeded()) {
                  shadows.after(alias, target, plaintext, context);
                }
              });
        });
  }

  /** Unwraps; with lazy rewrap on, also moves the blob to a newer selected version. */
  public Future<Results.Unwrapped> unwrap(String aliasName, String ciphertext, String routingKey) {
    return unwrap(aliasName, ciphertext, routingKey, (String) null);
  }

  /**
   * @param context what the blob was bound to; checked for blobs on hierarchical versions (others
   *     bind none), and carried to the version a lazy rewrap moves the blob to
   */
  public Future<Results.Unwrapped> unwrap(
      String aliasName, String ciphertext, String routingKey, String context) {
    return unwrap(
        aliasName,
        ciphertext,
        context,
        (alias, blob, plaintext) -> lazyRewrap(alias, blob, plaintext, routingKey, context));
  }

  /**
   * Unwraps and never rewraps: for surfaces that cannot hand a new blob back (the Azure-compatible
   * one), where a lazy rewrap would spend vault quota and count a move that never happened.
   */
  public Future<Results.Unwrapped> unwrapOnly(String aliasName, String ciphertext) {
    return unwrap(
        aliasName,
        ciphertext,
        null,
        (alias, blob, plaintext) ->
            Future.succeededFuture(new Results.Unwrapped(plaintext, blob.version().id(), null)));
  }

  private Future<Results.Unwrapped> unwrap(
      String aliasName, String ciphertext, String context, AfterUnwrap then) {
    return metered(
        Operation.UNWRAP,
        aliasName,
        Results.Unwrapped::keyVersion,
        alias -> {
          StoredBlob blob = StoredBlob.read(alias, ciphertext);
          return Futures.compose(
              unwrapBlob(alias, blob, context),
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
    return rewrap(aliasName, ciphertext, routingKey, mode, null);
  }

  /** {@link #rewrap}, the blob bound to {@code context}, which the new blob keeps. */
  public Future<Results.Rewrapped> rewrap(
      String aliasName, String ciphertext, String routingKey, RewrapMode mode, String context) {
    return metered(
        Operation.REWRAP,
        aliasName,
        Results.Rewrapped::keyVersion,
        alias -> {
          checkContext(alias, context);
          StoredBlob blob = StoredBlob.read(alias, ciphertext);
          KeyVersion target = alias.rewrapTarget(blob.version(), routingKey, random()).orElse(null);
          if (target == null) {
            return unwrapBlob(alias, blob, context)
                .map(verified -> new Results.Rewrapped(ciphertext, blob.version().id(), false));
          }
          // A blob that does not unwrap is an invalid ciphertext, not a failed rewrap.
          return unwrapBlob(alias, blob, context)
              .compose(plaintext -> rewrapTo(alias, blob, target, plaintext, mode, context))
              .map(
                  wrapped ->
                      new Results.Rewrapped(wrapped.ciphertext(), wrapped.keyVersion(), true));
        });
  }

  /** Generates {@code bytes} random bytes and wraps them. */
  public Future<Results.DataKey> dataKey(String aliasName, int bytes, String routingKey) {
    return dataKey(aliasName, bytes, routingKey, null);
  }

  /**
   * A new data key: random and wrapped, or, on a hierarchical version, derived from its master key
   * (the blob then holds what re-derives it).
   */
  public Future<Results.DataKey> dataKey(
      String aliasName, int bytes, String routingKey, String context) {
    return metered(
        Operation.DATAKEY,
        aliasName,
        dataKey -> dataKey.wrapped().keyVersion(),
        alias -> {
          alias.checkWrappable(bytes, "data key");
          checkContext(alias, context);
          KeyVersion target = alias.select(routingKey, random());
          if (target.isHierarchical()) {
            return derive(alias, target, bytes, context);
          }
          byte[] plaintext = new byte[bytes];
          RANDOM.get().nextBytes(plaintext);
          return Futures.map(
              wrapTo(alias, target, plaintext, context),
              wrapped -> new Results.DataKey(plaintext, wrapped));
        });
  }

  private Future<Results.DataKey> derive(
      Alias alias, KeyVersion target, int bytes, String context) {
    byte[] salt = new byte[HierarchicalPayload.SALT_BYTES];
    RANDOM.get().nextBytes(salt);
    return Futures.map(
        masterKeys.key(alias.name(), target),
        masterKey -> {
          HierarchicalPayload.Derived derived =
              HierarchicalPayload.derive(masterKey, binding(alias, target, context), salt, bytes);
          usage.wrapped(alias.name(), target.id());
          String envelope = new Envelope(alias.name(), target.id(), derived.payload()).format();
          return new Results.DataKey(derived.dataKey(), new Results.Wrapped(envelope, target.id()));
        });
  }

  private Future<byte[]> unwrapBlob(Alias alias, StoredBlob blob, String context) {
    KeyVersion version = blob.version();
    // The plain call unless a plan counts it: no capture on the serving path.
    return PlanCalls.counting(alias)
        ? counted(alias, version, () -> open(alias, version, blob.payload(), context))
        : open(alias, version, blob.payload(), context);
  }

  private Future<byte[]> open(Alias alias, KeyVersion version, byte[] payload, String context) {
    if (!version.isHierarchical()) {
      return backends.of(version).unwrap(version, payload);
    }
    return Futures.map(
        masterKeys.key(alias.name(), version),
        masterKey ->
            HierarchicalPayload.open(masterKey, binding(alias, version, context), payload));
  }

  /** Wraps on one version: the payload of an envelope, not yet counted as usage. */
  private Future<byte[]> seal(Alias alias, KeyVersion target, byte[] plaintext, String context) {
    if (!target.isHierarchical()) {
      return backends.of(target).wrap(target, plaintext);
    }
    byte[] nonce = new byte[HierarchicalPayload.NONCE_BYTES];
    RANDOM.get().nextBytes(nonce);
    return Futures.map(
        masterKeys.key(alias.name(), target),
        masterKey ->
            HierarchicalPayload.seal(masterKey, binding(alias, target, context), nonce, plaintext));
  }

  /**
   * A key call on one version, counted for the gates of the alias's plan while one holds a step.
   * Only backend trouble and throttling count as failures: a client's bad blob says nothing of the
   * version.
   */
  private <T> Future<T> counted(Alias alias, KeyVersion version, Supplier<Future<T>> call) {
    if (!PlanCalls.counting(alias)) {
      return call.get();
    }
    long start = System.nanoTime();
    Future<T> result;
    try {
      result = call.get();
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    return Futures.whenDone(
        result,
        done ->
            planCalls.record(
                alias, version, System.nanoTime() - start, done.failed() && trouble(done.cause())));
  }

  private static boolean trouble(Throwable failure) {
    ErrorCode code = GatewayFailure.codeOf(failure);
    return code.isBackendTrouble() || code == ErrorCode.THROTTLED;
  }

  /** A shadow wrap's work: wrap on {@code version}, unwrap again, compare. */
  private Future<Boolean> shadowRoundTrip(
      Alias alias, KeyVersion version, byte[] plaintext, String context) {
    String bound = version.isHierarchical() ? context : null;
    return counted(alias, version, () -> seal(alias, version, fitFor(version, plaintext), bound))
        .compose(payload -> counted(alias, version, () -> open(alias, version, payload, bound)))
        .map(back -> MessageDigest.isEqual(back, plaintext));
  }

  private Future<Results.Wrapped> wrapTo(
      Alias alias, KeyVersion target, byte[] plaintext, String context) {
    Future<byte[]> payload =
        PlanCalls.counting(alias)
            ? counted(alias, target, () -> seal(alias, target, plaintext, context))
            : seal(alias, target, plaintext, context);
    return Futures.map(
        payload,
        wrapped -> {
          usage.wrapped(alias.name(), target.id());
          return new Results.Wrapped(
              new Envelope(alias.name(), target.id(), wrapped).format(), target.id());
        });
  }

  private static byte[] binding(Alias alias, KeyVersion version, String context) {
    return HierarchicalPayload.binding(alias.name(), version.id(), context);
  }

  /**
   * Refuses a context unless every version that can take a wrap binds it: one that does not would
   * hand out a blob that silently ignores the context.
   */
  private static void checkContext(Alias alias, String context) {
    if (context == null) {
      return;
    }
    for (KeyVersion version : alias.versions()) {
      if (version.weight() > 0 && version.isEnabled() && !version.isHierarchical()) {
        throw GatewayFailure.badRequest(
            "alias "
                + alias.name()
                + ": a context is bound only by hierarchical versions, and version "
                + version.id()
                + " takes wraps without one");
      }
    }
  }

  private Future<Results.Unwrapped> lazyRewrap(
      Alias alias, StoredBlob blob, byte[] plaintext, String routingKey, String context) {
    Results.Unwrapped plain = new Results.Unwrapped(plaintext, blob.version().id(), null);
    KeyVersion target =
        alias.lazyRewrap()
            ? alias.rewrapTarget(blob.version(), routingKey, random()).orElse(null)
            : null;
    // A context is never dropped: a blob moves only to a version that binds it.
    if (target == null || (context != null && !target.isHierarchical())) {
      return Future.succeededFuture(plain);
    }
    return rewrapTo(alias, blob, target, plaintext, RewrapMode.LAZY, context)
        .map(wrapped -> new Results.Unwrapped(plaintext, blob.version().id(), wrapped))
        // A failed lazy rewrap never fails the unwrap: the client still has a readable blob.
        .otherwise(plain);
  }

  /** Wraps an unwrapped blob's plaintext under a newer version; the attempt is counted. */
  private Future<Results.Wrapped> rewrapTo(
      Alias alias,
      StoredBlob blob,
      KeyVersion target,
      byte[] plaintext,
      RewrapMode mode,
      String context) {
    // Starting from a completed Future turns a synchronous refusal (a plaintext the target's
    // algorithm cannot take) into a failed attempt like any other.
    return Future.<byte[]>succeededFuture(plaintext)
        .compose(bytes -> wrapTo(alias, target, fitFor(target, bytes), context))
        .andThen(done -> recordRewrap(alias, blob, target, mode, done.succeeded()));
  }

  private void recordRewrap(
      Alias alias, StoredBlob blob, KeyVersion target, RewrapMode mode, boolean ok) {
    String outcome = ok ? MeterNames.OUTCOME_SUCCESS : MeterNames.OUTCOME_FAILURE;
    if (!ok) {
      String key = mode.tag() + " " + alias.name() + " " + blob.version().id() + " " + target.id();
      long held = rewrapFailures.admit(key);
      if (held >= 0) {
        LOG.warn(
            "{} rewrap of alias {} from {} to {} failed{}",
            mode.tag(),
            alias.name(),
            blob.version().id(),
            target.id(),
            LogThrottle.heldBack(held));
      }
    }
    metrics.rewrap(alias.name(), blob.version().id(), target.id(), mode, outcome);
  }

  private static byte[] fitFor(KeyVersion version, byte[] plaintext) {
    version.checkPlaintext(plaintext.length);
    return plaintext;
  }

  private static SecureRandom newRandom() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (NoSuchAlgorithmException e) {
      return new SecureRandom();
    }
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
    return Futures.whenDone(
        result,
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
