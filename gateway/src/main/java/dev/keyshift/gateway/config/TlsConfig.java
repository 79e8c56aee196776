package dev.keyshift.gateway.config;

import dev.keyshift.routing.file.FieldProblem;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * TLS for a listener: a PEM certificate chain and key, or a PKCS#12 file and its password file;
 * optionally CA certificates that client certificates must chain to (mTLS).
 *
 * @param cert PEM certificate chain, or null with {@code pkcs12}
 * @param key PEM private key (PKCS#8), or null with {@code pkcs12}
 * @param pkcs12 PKCS#12 key store, or null with PEM files
 * @param passwordFile the PKCS#12 password, or null
 * @param clientCa PEM CA certificates for client certificates, or null for no mTLS
 * @param clientAuth {@code required} (the default) or {@code requested}
 */
public record TlsConfig(
    Path cert, Path key, Path pkcs12, Path passwordFile, Path clientCa, String clientAuth) {

  public TlsConfig {
    boolean pem = cert != null || key != null;
    FieldProblem.check(
        pem != (pkcs12 != null), "", "give either cert and key (PEM) or pkcs12 and password-file");
    if (pem) {
      readable(cert, "cert");
      readable(key, "key");
    } else {
      readable(pkcs12, "pkcs12");
      readable(passwordFile, "password-file");
    }
    if (clientCa != null) {
      readable(clientCa, "client-ca");
    }
    clientAuth = clientAuth == null ? "required" : clientAuth;
    FieldProblem.check(
        clientAuth.equals("required") || clientAuth.equals("requested"),
        "client-auth",
        "must be required or requested");
  }

  /** Whether a client certificate is required (else only requested). */
  public boolean clientAuthRequired() {
    return clientAuth.equals("required");
  }

  /** A path that must be present and readable. */
  public static Path readable(Path path, String field) {
    FieldProblem.check(
        Files.isReadable(FieldProblem.required(path, field)), field, "cannot read " + path);
    return path;
  }
}
