package dev.keyshift.gateway.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.keyshift.routing.Operation;
import dev.keyshift.routing.file.FieldProblem;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
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

  /** A {@code auth.tokens} entry as written; without {@code operations} it may do every one. */
  @JsonCreator
  static TokenRule fromFile(
      @JsonProperty("name") String name,
      @JsonProperty("sha256") String sha256,
      @JsonProperty("aliases") List<String> aliases,
      @JsonProperty("operations") List<Operation> operations,
      @JsonProperty("admin") Boolean admin) {
    FieldProblem.check(
        FieldProblem.requiredText(sha256, "sha256").matches("[0-9a-fA-F]{64}"),
        "sha256",
        "must be 64 hex digits (the SHA-256 of the token)");
    boolean isAdmin = Boolean.TRUE.equals(admin);
    Set<String> allowed = aliases == null ? Set.of() : Set.copyOf(aliases);
    FieldProblem.check(
        isAdmin || !allowed.isEmpty(),
        "aliases",
        "is required for a client token ([\"*\"] for every alias)");
    return new TokenRule(
        FieldProblem.requiredText(name, "name"),
        HexFormat.of().parseHex(sha256),
        allowed,
        operationsOrAll(operations),
        isAdmin);
  }

  /** The operations a token or grant lists; all of them when it lists none. */
  static Set<Operation> operationsOrAll(List<Operation> operations) {
    return operations == null ? EnumSet.allOf(Operation.class) : EnumSet.copyOf(operations);
  }

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
