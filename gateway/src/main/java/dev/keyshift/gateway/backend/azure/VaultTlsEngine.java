package dev.keyshift.gateway.backend.azure;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.spi.tls.DefaultSslContextFactory;
import io.vertx.core.spi.tls.SslContextFactory;
import javax.net.ssl.SSLException;

/**
 * The JDK's TLS engine for the connections to a vault, with a small session cache. The JDK keeps up
 * to 20,480 sessions for a day by default, and under TLS 1.3 every new connection adds one (the
 * server's session ticket): each burst of new vault connections left about a kilobyte of heap per
 * connection behind, and the soak's heap after GC rose with them. A client talking to one vault
 * needs only its latest sessions to resume.
 *
 * <p>The handshake's own work (key agreement, checking the vault's certificate chain) runs on
 * Vert.x's worker threads, not on the one event loop that carries every call to the vault: while
 * the pool opens connections, the calls on those already open keep being answered.
 */
final class VaultTlsEngine extends JdkSSLEngineOptions {
  /** The most TLS sessions kept for resumption per vault client. */
  static final int SESSIONS_KEPT = 64;

  VaultTlsEngine() {
    setUseWorkerThread(true);
  }

  private VaultTlsEngine(VaultTlsEngine other) {
    super(other);
  }

  @Override
  public VaultTlsEngine copy() {
    return new VaultTlsEngine(this);
  }

  @Override
  public SslContextFactory sslContextFactory() {
    return new DefaultSslContextFactory(SslProvider.JDK, false) {
      @Override
      public SslContext create() throws SSLException {
        SslContext context = super.create();
        context.sessionContext().setSessionCacheSize(SESSIONS_KEPT);
        return context;
      }
    };
  }
}
