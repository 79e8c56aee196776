package dev.keyshift.gateway.async;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The serving path's Future steps answer as Vert.x's own {@code map} and {@code compose} do, and
 * answer at once when their input is complete.
 */
class FuturesTest {
  private static final IllegalStateException BROKEN = new IllegalStateException("broken");

  @Test
  void map_ofACompleteFuture_isCompleteOnReturn() {
    Future<Integer> mapped = Futures.map(Future.succeededFuture("abc"), String::length);

    assertThat(mapped.isComplete()).isTrue();
    assertThat(mapped.result()).isEqualTo(3);
  }

  @Test
  void map_ofAFailure_keepsItsCause_andNeverCallsTheMapper() {
    List<String> seen = new ArrayList<>();

    Future<Integer> mapped =
        Futures.map(
            Future.<String>failedFuture(BROKEN),
            value -> {
              seen.add(value);
              return value.length();
            });

    assertThat(mapped.cause()).isSameAs(BROKEN);
    assertThat(seen).isEmpty();
  }

  @Test
  void map_whoseMapperThrows_fails() {
    Future<Integer> mapped =
        Futures.map(
            Future.succeededFuture("abc"),
            value -> {
              throw BROKEN;
            });

    assertThat(mapped.cause()).isSameAs(BROKEN);
  }

  @Test
  void map_ofAPendingFuture_answersWhenItCompletes() {
    Promise<String> pending = Promise.promise();

    Future<Integer> mapped = Futures.map(pending.future(), String::length);
    assertThat(mapped.isComplete()).isFalse();
    pending.complete("abcd");

    assertThat(mapped.result()).isEqualTo(4);
  }

  @Test
  void compose_ofACompleteFuture_answersWhatTheNextStepAnswers() {
    Promise<Integer> next = Promise.promise();

    Future<Integer> composed =
        Futures.compose(Future.succeededFuture("abc"), value -> next.future());
    assertThat(composed.isComplete()).isFalse();
    next.complete(7);

    assertThat(composed.result()).isEqualTo(7);
    assertThat(
            Futures.compose(Future.succeededFuture("ab"), v -> Future.succeededFuture(v.length()))
                .isComplete())
        .isTrue();
  }

  @Test
  void compose_ofAFailure_orAThrowingStep_fails() {
    assertThat(
            Futures.compose(
                    Future.<String>failedFuture(BROKEN), v -> Future.succeededFuture(v.length()))
                .cause())
        .isSameAs(BROKEN);
    assertThat(
            Futures.<String, Integer>compose(
                    Future.succeededFuture("abc"),
                    v -> {
                      throw BROKEN;
                    })
                .cause())
        .isSameAs(BROKEN);
  }

  @Test
  void compose_ofAPendingFuture_answersWhenBothComplete() {
    Promise<String> pending = Promise.promise();

    Future<Integer> composed =
        Futures.compose(pending.future(), value -> Future.succeededFuture(value.length()));
    assertThat(composed.isComplete()).isFalse();
    pending.complete("abcde");

    assertThat(composed.result()).isEqualTo(5);
  }
}
