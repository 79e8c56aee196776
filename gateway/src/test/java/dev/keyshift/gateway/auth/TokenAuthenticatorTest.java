package dev.keyshift.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyshift.gateway.config.TokenRule;
import dev.keyshift.gateway.failure.ErrorCode;
import dev.keyshift.gateway.failure.GatewayFailure;
import dev.keyshift.routing.Operation;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenAuthenticatorTest {
  static final TokenRule ORDERS =
      new TokenRule(
          "orders",
          TokenAuthenticator.sha256("s3cret"),
          Set.of("orders"),
          EnumSet.of(Operation.WRAP),
          false);
  static final TokenRule ADMIN =
      new TokenRule("ops", TokenAuthenticator.sha256("admin-secret"), Set.of(), Set.of(), true);
  final TokenAuthenticator authenticator = new TokenAuthenticator(List.of(ORDERS, ADMIN));

  @Test
  void sha256Hex_knownAnswer() {
    // printf 's3cret' | sha256sum
    assertThat(TokenAuthenticator.sha256Hex("s3cret"))
        .isEqualTo("1ec1c26b50d5d3c58d9583181af8076655fe00756bf7285940ba3670f99fcba0");
  }

  @Test
  void bearerToken_findsItsRule() {
    assertThat(authenticator.authenticate("Bearer s3cret")).isSameAs(ORDERS);
    assertThat(authenticator.authenticate("bearer admin-secret")).isSameAs(ADMIN);
  }

  @Test
  void absentMalformedOrUnknown_isUnauthenticated() {
    for (String header :
        new String[] {
          null,
          "",
          "Basic czNjcmV0",
          "Bearer",
          "Bearer wrong",
          "s3cret",
          "Bearer " + "x".repeat(5000)
        }) {
      assertThatThrownBy(() -> authenticator.authenticate(header))
          .isInstanceOfSatisfying(
              GatewayFailure.class, f -> assertThat(f.code()).isEqualTo(ErrorCode.UNAUTHENTICATED))
          .satisfies(f -> assertThat(f.getMessage()).doesNotContain("s3cret"));
    }
  }

  @Test
  void permits_respectsAliasesOperationsAndAdmin() {
    assertThat(ORDERS.permits("orders", Operation.WRAP)).isTrue();
    assertThat(ORDERS.permits("orders", Operation.UNWRAP)).isFalse();
    assertThat(ORDERS.permits("billing", Operation.WRAP)).isFalse();
    TokenRule any =
        new TokenRule("any", new byte[32], Set.of("*"), EnumSet.allOf(Operation.class), false);
    assertThat(any.permits("whatever", Operation.DATAKEY)).isTrue();
    TokenRule adminWithAliases =
        new TokenRule("x", new byte[32], Set.of("*"), EnumSet.allOf(Operation.class), true);
    assertThat(adminWithAliases.permits("orders", Operation.WRAP))
        .as("admin tokens never work on the data plane")
        .isFalse();
  }
}
