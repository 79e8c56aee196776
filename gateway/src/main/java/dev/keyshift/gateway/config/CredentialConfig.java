package dev.keyshift.gateway.config;

import java.nio.file.Path;

/**
 * How a backend gets Entra ID tokens ({@code credential.type}): {@code default}, {@code
 * managed-identity}, {@code workload-identity}, {@code client-secret}, {@code client-certificate}
 * or {@code token-file}. Fields a type does not use are null.
 *
 * @param type the credential type
 * @param tenantId for client-secret, client-certificate (optional for workload-identity)
 * @param clientId for client-secret, client-certificate; optional for managed and workload identity
 * @param secretFile for client-secret: file holding the secret
 * @param certificate for client-certificate: PEM with certificate and private key
 * @param path for token-file: file holding a bearer token, re-read when it changes; for
 *     workload-identity: the federated token file (default: env AZURE_FEDERATED_TOKEN_FILE)
 */
public record CredentialConfig(
    String type, String tenantId, String clientId, Path secretFile, Path certificate, Path path) {}
