package dev.keyshift.gateway.auth;

import dev.keyshift.gateway.config.TokenRule;
import dev.keyshift.gateway.failure.ErrorCode;
import dev.keyshift.gateway.failure.GatewayFailure;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Checks {@code Authorization: Bearer} tokens against configured SHA-256 hashes. The presented
 * token is hashed once and compared with every rule in constant time, so timing tells nothing about
 * which rule (if any) matched.
 */
public final class TokenAuthenticator {
  private static final String BEARER = "Bearer ";

  /** Far above any real token; bounds the hashing work an attacker can ask for. */
  private static final int MAX_TOKEN_LENGTH = 4096;

  // One digest per thread: the provider lookup of getInstance cost more than the hash itself.
  private static final ThreadLocal<MessageDigest> SHA_256 =
      ThreadLocal.withInitial(TokenAuthenticator::newSha256);

  private final List<TokenRule> rules;

  public TokenAuthenticator(List<TokenRule> rules) {
    this.rules = List.copyOf(rules);
  }

  /**
   * The rule of the presented token.
   *
   * @param authorization the Authorization header, possibly null
   * @throws GatewayFailure {@link ErrorCode#UNAUTHENTICATED} when absent, malformed or unknown
   */
  public TokenRule authenticate(String authorization) {
    return rule(bearerToken(authorization));
  }

  /**
   * The token of a {@code Bearer} header.
   *
   * @throws GatewayFailure {@link ErrorCode#UNAUTHENTICATED} when absent or malformed
   */
  public static String bearerToken(String authorization) {
    if (authorization == null
        || authorization.length() > MAX_TOKEN_LENGTH
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      throw GatewayFailure.of(ErrorCode.UNAUTHENTICATED, "a bearer token is required");
    }
    return authorization.substring(BEARER.length()).trim();
  }

  /**
   * The rule of a static token.
   *
   * @throws GatewayFailure {@link ErrorCode#UNAUTHENTICATED} when no rule has it
   */
  public TokenRule rule(String token) {
    byte[] presented = sha256(token);
    TokenRule match = null;
    for (TokenRule rule : rules) {
      if (MessageDigest.isEqual(presented, rule.sha256()) && match == null) {
        match = rule;
      }
    }
    if (match == null) {
      throw GatewayFailure.of(ErrorCode.UNAUTHENTICATED, "the bearer token is not valid");
    }
    return match;
  }

  /** SHA-256 of a token's UTF-8 text, as stored in config. */
  public static byte[] sha256(String token) {
    return SHA_256.get().digest(token.getBytes(StandardCharsets.UTF_8));
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  public static String sha256Hex(String token) {
    return HexFormat.of().formatHex(sha256(token));
  }
}
