package dev.keyshift.gateway.config;

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
 * @param clientAuthRequired whether a client certificate is required (else only requested)
 */
public record TlsConfig(
    Path cert,
    Path key,
    Path pkcs12,
    Path passwordFile,
    Path clientCa,
    boolean clientAuthRequired) {}
