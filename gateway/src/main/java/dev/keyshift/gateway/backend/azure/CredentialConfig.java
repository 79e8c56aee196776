package dev.keyshift.gateway.backend.azure;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.keyshift.gateway.config.TlsConfig;
import dev.keyshift.routing.file.FieldProblem;
import java.nio.file.Path;

/** How a backend gets Entra ID tokens ({@code credential.type}), one record per type. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = CredentialConfig.Default.class, name = "default"),
  @JsonSubTypes.Type(value = CredentialConfig.ManagedIdentity.class, name = "managed-identity"),
  @JsonSubTypes.Type(value = CredentialConfig.WorkloadIdentity.class, name = "workload-identity"),
  @JsonSubTypes.Type(value = CredentialConfig.ClientSecret.class, name = "client-secret"),
  @JsonSubTypes.Type(value = CredentialConfig.ClientCertificate.class, name = "client-certificate"),
  @JsonSubTypes.Type(value = CredentialConfig.TokenFile.class, name = "token-file")
})
public sealed interface CredentialConfig {
  /** What a config naming an unknown credential type is told. */
  static String unknown(String type) {
    return "unknown credential type '"
        + type
        + "' (default, managed-identity, workload-identity, client-secret, client-certificate, token-file)";
  }

  /** {@code default}: DefaultAzureCredential (environment, managed identity, CLI…). */
  record Default() implements CredentialConfig {}

  /** {@code managed-identity}; {@code client-id} for a user-assigned identity. */
  record ManagedIdentity(String clientId) implements CredentialConfig {}

  /**
   * {@code workload-identity}; {@code path} is the federated token file (default: env
   * AZURE_FEDERATED_TOKEN_FILE).
   */
  record WorkloadIdentity(String tenantId, String clientId, Path path)
      implements CredentialConfig {}

  /** {@code client-secret}: an app registration's secret, read from {@code secret-file}. */
  record ClientSecret(String tenantId, String clientId, Path secretFile)
      implements CredentialConfig {
    public ClientSecret {
      FieldProblem.requiredText(tenantId, "tenant-id");
      FieldProblem.requiredText(clientId, "client-id");
      TlsConfig.readable(secretFile, "secret-file");
    }
  }

  /** {@code client-certificate}: a PEM with the app's certificate and private key. */
  record ClientCertificate(String tenantId, String clientId, Path certificate)
      implements CredentialConfig {
    public ClientCertificate {
      FieldProblem.requiredText(tenantId, "tenant-id");
      FieldProblem.requiredText(clientId, "client-id");
      TlsConfig.readable(certificate, "certificate");
    }
  }

  /** {@code token-file}: a bearer token in {@code path}, re-read when the file changes. */
  record TokenFile(Path path) implements CredentialConfig {
    public TokenFile {
      FieldProblem.required(path, "path");
    }
  }
}
