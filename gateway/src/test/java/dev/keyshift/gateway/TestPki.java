package dev.keyshift.gateway;

import java.io.FileWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway CA with a server certificate for localhost and a client certificate, as PEM files.
 */
public final class TestPki {
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  public final Path caPem;
  public final Path serverCert;
  public final Path serverKey;
  public final Path clientCert;
  public final Path clientKey;
  public final Path serverPkcs12;
  private final X509Certificate ca;
  private final X509Certificate client;
  private final KeyPair clientPair;

  private TestPki(Path dir) throws Exception {
    KeyPair caPair = rsa();
    X500Name caName = new X500Name("CN=keyshift test CA");
    ca = sign(caName, caPair, caName, caPair, true, false);
    KeyPair serverPair = rsa();
    X509Certificate server =
        sign(new X500Name("CN=localhost"), serverPair, caName, caPair, false, true);
    clientPair = rsa();
    client = sign(new X500Name("CN=orders-service"), clientPair, caName, caPair, false, false);
    caPem = write(dir.resolve("ca.pem"), ca);
    serverCert = write(dir.resolve("server.pem"), server);
    serverKey =
        write(dir.resolve("server-key.pem"), new JcaPKCS8Generator(serverPair.getPrivate(), null));
    clientCert = write(dir.resolve("client.pem"), client);
    clientKey =
        write(dir.resolve("client-key.pem"), new JcaPKCS8Generator(clientPair.getPrivate(), null));
    serverPkcs12 = dir.resolve("server.p12");
    writePkcs12(serverPkcs12, serverPair, server);
    Files.writeString(dir.resolve("server.p12.password"), "p12-password\n");
  }

  private void writePkcs12(Path file, KeyPair pair, X509Certificate certificate) throws Exception {
    KeyStore p12 = KeyStore.getInstance("PKCS12");
    p12.load(null, null);
    char[] password = "p12-password".toCharArray();
    p12.setKeyEntry("server", pair.getPrivate(), password, new Certificate[] {certificate, ca});
    try (OutputStream out = Files.newOutputStream(file)) {
      p12.store(out, password);
    }
  }

  public static TestPki create(Path dir) throws Exception {
    return new TestPki(dir);
  }

  /** Options for a test HTTPS server on a free loopback port, presenting the server certificate. */
  public io.vertx.core.http.HttpServerOptions httpsOnLoopback() {
    return new io.vertx.core.http.HttpServerOptions()
        .setSsl(true)
        .setHost("127.0.0.1")
        .setPort(0)
        .setKeyCertOptions(
            new io.vertx.core.net.PemKeyCertOptions()
                .setCertPath(serverCert.toString())
                .setKeyPath(serverKey.toString()));
  }

  /** Trusts the CA; presents the client certificate when {@code withClientCert}. */
  public SSLContext sslContext(boolean withClientCert)
      throws GeneralSecurityException, IOException {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca);
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    KeyManagerFactory kmf = null;
    if (withClientCert) {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry(
          "client",
          clientPair.getPrivate(),
          "pw".toCharArray(),
          new java.security.cert.Certificate[] {client, ca});
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, "pw".toCharArray());
    }
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return context;
  }

  private static X509Certificate sign(
      X500Name subject,
      KeyPair subjectPair,
      X500Name issuer,
      KeyPair issuerPair,
      boolean isCa,
      boolean isServer)
      throws Exception {
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            issuer,
            BigInteger.valueOf(SERIAL.incrementAndGet()),
            Date.from(now.minus(Duration.ofHours(1))),
            Date.from(now.plus(Duration.ofDays(2))),
            subject,
            subjectPair.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
    if (isServer) {
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(
              new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1")
              }));
    }
    return new JcaX509CertificateConverter()
        .getCertificate(
            builder.build(
                new JcaContentSignerBuilder("SHA256withRSA").build(issuerPair.getPrivate())));
  }

  private static KeyPair rsa() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }

  private static Path write(Path file, Object pem) throws IOException {
    try (Writer out = new FileWriter(file.toFile());
        JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(pem);
    }
    return file;
  }
}
