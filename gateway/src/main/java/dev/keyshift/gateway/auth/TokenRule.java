package dev.keyshift.gateway.auth;

import dev.keyshift.gateway.keys.Operation;
import java.util.Set;

/**
 * One configured bearer token, known only by the SHA-256 of its text.
 *
 * @param name who holds it (shown in logs and audit, never the token)
 * @param sha256 SHA-256 of the token's UTF-8 bytes
 * @param aliases aliases it may use; {@code "*"} means all
 * @param operations key operations it may call
 * @param admin whether it is an admin token (admin listener only, never the data plane)
 */
public record TokenRule(
    String name, byte[] sha256, Set<String> aliases, Set<Operation> operations, boolean admin) {

  public static final String ANY_ALIAS = "*";

  public TokenRule {
    sha256 = sha256.clone();
    aliases = Set.copyOf(aliases);
    operations = Set.copyOf(operations);
  }

  /** Whether this token may call {@code operation} on {@code alias} on the data plane. */
  public boolean permits(String alias, Operation operation) {
    return !admin
        && operations.contains(operation)
        && (aliases.contains(ANY_ALIAS) || aliases.contains(alias));
  }
}
