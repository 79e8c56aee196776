package dev.keyshift.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyshift.gateway.config.ConnectionLimits;
import io.vertx.core.http.impl.HttpUtils;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The idle time every answer advertises is one the Vert.x client reads (its parser refuses any
 * value with a 9) and leaves it time to let the connection go before the gateway closes it.
 */
class KeepAliveAdvertTest {
  @Test
  void everyAdvertisedTime_isReadByTheVertxClient_andIsUnderTheLimit() {
    for (int header = 1; header <= 400; header++) {
      for (int idle : new int[] {header, header + 1, 3_600}) {
        ConnectionLimits limits =
            new ConnectionLimits(10, Duration.ofSeconds(header), Duration.ofSeconds(idle));
        long advertised = ConnectionGuard.idleSeconds(limits);
        assertThat(HttpUtils.parseKeepAliveHeaderTimeout("timeout=" + advertised))
            .as("header-timeout %d, idle-timeout %d", header, idle)
            .isEqualTo(advertised);
        assertThat(advertised).isBetween(1L, Math.max(1L, header - 2L));
      }
    }
  }

  @Test
  void theDefaultLimits_advertiseEightSeconds() {
    assertThat(ConnectionGuard.idleSeconds(ConnectionLimits.DEFAULT)).isEqualTo(8);
  }

  @Test
  void aValueWithANine_isTheVertxClientsBlindSpot() {
    // Pinned so that this workaround goes when the client reads 9s again.
    assertThat(HttpUtils.parseKeepAliveHeaderTimeout("timeout=9")).isEqualTo(-1);
    assertThat(HttpUtils.parseKeepAliveHeaderTimeout("timeout=8")).isEqualTo(8);
  }
}
