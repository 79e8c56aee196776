package dev.keyshift.gateway;

import dev.keyshift.gateway.config.SecretFiles;
import dev.keyshift.gateway.config.TlsConfig;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.PfxOptions;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Turns a {@link TlsConfig} into Vert.x server options. */
final class TlsOptions {
  private TlsOptions() {}

  static void apply(TlsConfig tls, HttpServerOptions options) {
    options.setSsl(true);
    if (tls.pkcs12() != null) {
      options.setKeyCertOptions(
          new PfxOptions().setPath(tls.pkcs12().toString()).setPassword(password(tls)));
    } else {
      options.setKeyCertOptions(
          new PemKeyCertOptions()
              .setCertPath(tls.cert().toString())
              .setKeyPath(tls.key().toString()));
    }
    if (tls.clientCa() != null) {
      options.setTrustOptions(new PemTrustOptions().addCertPath(tls.clientCa().toString()));
      options.setClientAuth(tls.clientAuthRequired() ? ClientAuth.REQUIRED : ClientAuth.REQUEST);
    }
  }

  private static String password(TlsConfig tls) {
    try {
      return SecretFiles.read(tls.passwordFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + tls.passwordFile(), e);
    }
  }
}
