package dev.keyshift.gateway.config;

import dev.keyshift.gateway.auth.TokenRule;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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
 * @param grants what each caller (by claim value) may do; TokenRule sha256 is unused (empty)
 */
public record JwtConfig(
    String issuer,
    String audience,
    URI jwksUrl,
    List<Path> publicKeys,
    Path trustPem,
    String claim,
    Map<String, TokenRule> grants) {}
