package dev.keyshift.gateway.backend.azure;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.ssl.SslContext;
import io.vertx.core.net.JdkSSLEngineOptions;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/**
 * The vault client's TLS contexts keep {@value VaultTlsEngine#SESSIONS_KEPT} sessions, not the
 * JDK's 20,480, and hand their handshake work to worker threads, also after Vert.x copies the
 * options (it does when it builds a client).
 */
class VaultTlsEngineTest {
  private static SslContext clientContext(JdkSSLEngineOptions engine) throws Exception {
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init((java.security.KeyStore) null);
    return engine.sslContextFactory().forClient(true).trustManagerFactory(trust).create();
  }

  @Test
  void aClientContext_keepsFewSessions() throws Exception {
    assertThat(clientContext(new JdkSSLEngineOptions()).sessionContext().getSessionCacheSize())
        .isGreaterThan(VaultTlsEngine.SESSIONS_KEPT);

    assertThat(clientContext(new VaultTlsEngine()).sessionContext().getSessionCacheSize())
        .isEqualTo(VaultTlsEngine.SESSIONS_KEPT);
  }

  @Test
  void handshakes_runOffTheEventLoop() {
    assertThat(new JdkSSLEngineOptions().getUseWorkerThread()).isFalse();

    assertThat(new VaultTlsEngine().getUseWorkerThread()).isTrue();
  }

  @Test
  void aCopy_keepsFewSessionsToo() throws Exception {
    JdkSSLEngineOptions copy = new VaultTlsEngine().copy();

    assertThat(copy).isInstanceOf(VaultTlsEngine.class);
    assertThat(copy.getUseWorkerThread()).isTrue();
    assertThat(clientContext(copy).sessionContext().getSessionCacheSize())
        .isEqualTo(VaultTlsEngine.SESSIONS_KEPT);
  }
}
