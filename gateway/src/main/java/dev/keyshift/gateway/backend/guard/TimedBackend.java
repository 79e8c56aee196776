package dev.keyshift.gateway.backend.guard;

import dev.keyshift.gateway.backend.DecoratedBackend;
import dev.keyshift.gateway.backend.KeyBackend;
import dev.keyshift.gateway.failure.ErrorCode;
import dev.keyshift.gateway.failure.GatewayFailure;
import dev.keyshift.routing.KeyVersion;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The innermost guard: bounds every call by the backend's timeout ({@code BACKEND_TIMEOUT} when it
 * runs out) and classifies each failure once, as it arises, so the guards around it and the key
 * service only read its code.
 */
final class TimedBackend extends DecoratedBackend {
  private final Duration timeout;

  TimedBackend(KeyBackend delegate, Duration timeout) {
    super(delegate);
    this.timeout = timeout;
  }

  @Override
  protected Future<byte[]> around(
      String operation, KeyVersion version, Supplier<Future<byte[]>> call) {
    Future<byte[]> answer = attempt(call);
    if (answer.isComplete()) {
      // An inline backend (local AES) has answered already: a timer would only be set and
      // cancelled.
      return answer.succeeded() ? answer : Future.failedFuture(classify(answer.cause()));
    }
    return answer
        .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .recover(failure -> Future.failedFuture(classify(failure)));
  }

  @Override
  public boolean answersInline(KeyVersion version) {
    return delegate.answersInline(version);
  }

  private GatewayFailure classify(Throwable failure) {
    if (failure instanceof TimeoutException) {
      return GatewayFailure.of(
          ErrorCode.BACKEND_TIMEOUT, "backend " + name() + " did not answer in time");
    }
    return GatewayFailure.from(failure);
  }
}
