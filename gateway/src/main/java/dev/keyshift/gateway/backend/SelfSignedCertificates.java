package dev.keyshift.gateway.backend;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Key stores (PKCS#12, PKCS#11) keep an RSA private key only with a certificate; keyshift's keys
 * need none, so a self-signed one, valid for a century, stands in.
 */
public final class SelfSignedCertificates {
  private SelfSignedCertificates() {}

  /**
   * @param signer the provider holding the private key (a token's), or null for the default
   */
  public static X509Certificate create(String keyName, KeyPair pair, Provider signer)
      throws GeneralSecurityException {
    X500Name subject =
        new X500Name("CN=keyshift key " + keyName.replaceAll("[^A-Za-z0-9_.-]", "_"));
    Instant now = Instant.now();
    JcaContentSignerBuilder signing = new JcaContentSignerBuilder("SHA256withRSA");
    if (signer != null) {
      signing.setProvider(signer);
    }
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(
              new JcaX509v3CertificateBuilder(
                      subject,
                      BigInteger.valueOf(now.toEpochMilli()),
                      Date.from(now.minus(Duration.ofDays(1))),
                      Date.from(now.plus(Duration.ofDays(36_500))),
                      subject,
                      pair.getPublic())
                  .build(signing.build(pair.getPrivate())));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException("cannot self-sign a certificate for key " + keyName, e);
    }
  }
}
