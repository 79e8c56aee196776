package dev.keyshift.gateway.config;

import dev.keyshift.routing.Operation;
import dev.keyshift.routing.file.FieldProblem;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * JWT bearer tokens ({@code auth.jwt}), e.g. the Entra ID tokens an application's
 * DefaultAzureCredential gets for the gateway's challenge resource.
 *
 * @param issuer the required {@code iss}
 * @param audience the required {@code aud}
 * @param jwksUrl where the signing keys are published (refreshed), or null
 * @param publicKeys PEM public keys, when there is no JWKS URL
 * @param trustPem extra CA certificates for the JWKS URL, or null
 * @param claim the claim that names the caller ({@code azp} for Entra ID v2 app tokens)
 * @param grants what each caller (by claim value) may do
 */
public record JwtConfig(
    String issuer,
    String audience,
    URI jwksUrl,
    List<Path> publicKeys,
    Path trustPem,
    String claim,
    List<Grant> grants) {

  public JwtConfig {
    publicKeys = publicKeys == null ? List.of() : List.copyOf(publicKeys);
    FieldProblem.check(
        (jwksUrl == null) != publicKeys.isEmpty(), "", "give either jwks-url or public-keys");
    for (int i = 0; i < publicKeys.size(); i++) {
      TlsConfig.readable(publicKeys.get(i), "public-keys[" + i + "]");
    }
    FieldProblem.check(
        jwksUrl == null || "https".equals(jwksUrl.getScheme()), "jwks-url", "must be an https URL");
    if (trustPem != null) {
      TlsConfig.readable(trustPem, "trust-pem");
    }
    FieldProblem.requiredText(issuer, "issuer");
    FieldProblem.requiredText(audience, "audience");
    claim = claim == null ? "azp" : FieldProblem.requiredText(claim, "claim");
    grants = grants == null ? List.of() : List.copyOf(grants);
  }

  /** What the caller a token's claim names may do, or null when it has no grant. */
  public TokenRule grantOf(String caller) {
    // Called per JWT request: a scan of a handful of grants, no map built each time.
    for (Grant grant : grants) {
      if (grant.value().equals(caller)) {
        return grant.rule();
      }
    }
    return null;
  }

  /**
   * One {@code grants} entry: what the caller whose claim is {@code value} may do.
   *
   * @param name shown in logs and audit; defaults to the value
   */
  public record Grant(String value, String name, List<String> aliases, List<Operation> operations) {
    public Grant {
      FieldProblem.requiredText(value, "value");
      name = name == null ? value : FieldProblem.requiredText(name, "name");
      FieldProblem.check(
          aliases != null && !aliases.isEmpty(),
          "aliases",
          "is required ([\"*\"] for every alias)");
    }

    /** The grant as a token rule; it has no hash (the JWT's signature authenticates it). */
    TokenRule rule() {
      return new TokenRule(
          name, new byte[0], Set.copyOf(aliases), TokenRule.operationsOrAll(operations), false);
    }
  }
}
