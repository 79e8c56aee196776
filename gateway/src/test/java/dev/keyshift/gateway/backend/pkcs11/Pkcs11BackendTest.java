package dev.keyshift.gateway.backend.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyshift.gateway.SoftHsm;
import dev.keyshift.gateway.backend.BackendContext;
import dev.keyshift.gateway.backend.KeyBackend;
import dev.keyshift.routing.Algorithm;
import dev.keyshift.routing.KeyVersion;
import dev.keyshift.routing.VersionState;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.security.AuthProvider;
import java.security.Key;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.junit.jupiter.api.Test;

/** What only a real token shows: keys never leave it, and the constructions match the standards. */
class Pkcs11BackendTest {
  static final byte[] KEK =
      HexFormat.of().parseHex("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F");
  static final byte[] DATA =
      HexFormat.of().parseHex("00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F");
  static final byte[] RFC3394_OUTPUT =
      HexFormat.of()
          .parseHex(
              "28C9F404C4B810F4CBCCB35CFB87F8263F5786E2D80ED326CBC7F0E71A99F43BFB988B9B7A02DD21");

  @Test
  void generatedKeys_areSensitiveAndNeverExtractable() throws Exception {
    Pkcs11Token token = Pkcs11Token.open(SoftHsm.config("hsm", true));
    Key aes = token.ensure("never-out-aes", Algorithm.A256GCM, true)[0];
    Key rsa = token.ensure("never-out-rsa", Algorithm.RSA_OAEP_256, true)[0];
    for (Key key : new Key[] {aes, rsa}) {
      assertThat(key.getEncoded()).as(key.toString()).isNull();
      assertThat(key.toString())
          .contains("token object")
          .contains("sensitive")
          .contains("unextractable");
    }
    assertThat(token.list()).contains("never-out-aes\taes", "never-out-rsa\trsa");
  }

  @Test
  void a256kw_onTheToken_matchesRfc3394KnownAnswer() throws Exception {
    Pkcs11Token token = Pkcs11Token.open(SoftHsm.config("hsm", false));
    if (token.get("rfc3394-kek") == null && !token.list().contains("rfc3394-kek\taes")) {
      token.importAesForTesting("rfc3394-kek", KEK);
    }
    Key[] kek = token.ensure("rfc3394-kek", Algorithm.A256KW, false);
    assertThat(kek[0].getEncoded()).as("imported keys are not extractable either").isNull();
    assertThat(Pkcs11Crypto.wrap(Algorithm.A256KW, token, kek, DATA, new SecureRandom()))
        .isEqualTo(RFC3394_OUTPUT);
    assertThat(Pkcs11Crypto.unwrap(Algorithm.A256KW, token, kek, RFC3394_OUTPUT)).isEqualTo(DATA);
  }

  @Test
  void rsaOaep256_interoperatesWithSunJce() throws Exception {
    Pkcs11Token token = Pkcs11Token.open(SoftHsm.config("hsm", true));
    Key[] key = token.ensure("oaep-interop", Algorithm.RSA_OAEP_256, true);
    Cipher sunJce = Cipher.getInstance("RSA/ECB/OAEPPadding", "SunJCE");
    sunJce.init(
        Cipher.ENCRYPT_MODE,
        key[1],
        new OAEPParameterSpec(
            "SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
    byte[] wrapped = sunJce.doFinal(DATA);
    assertThat(Pkcs11Crypto.unwrap(Algorithm.RSA_OAEP_256, token, key, wrapped)).isEqualTo(DATA);
  }

  @Test
  void lostLogin_isRecoveredByLoggingInAgain() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      WorkerExecutor workers = vertx.createSharedWorkerExecutor("relogin-test", 2);
      KeyBackend backend =
          Pkcs11Backend.open(
                  SoftHsm.config("hsm", true),
                  new BackendContext("hsm", vertx, workers, Duration.ofSeconds(30)))
              .await();
      KeyVersion version =
          new KeyVersion("v1", "hsm", "relogin-aes", Algorithm.A256GCM, 1, VersionState.ENABLED);
      backend.prepare(version).await();
      byte[] wrapped = backend.wrap(version, DATA).await();
      // Login state belongs to the application: logging out through another handle logs us out too.
      ((AuthProvider) Pkcs11Token.open(SoftHsm.config("hsm", false)).provider()).logout();
      assertThat(backend.unwrap(version, wrapped).await()).isEqualTo(DATA);
      assertThat(backend.unwrap(version, backend.wrap(version, DATA).await()).await())
          .isEqualTo(DATA);
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void missingKeyOrWrongKind_orUnknownToken_failClearly() throws Exception {
    Pkcs11Token token = Pkcs11Token.open(SoftHsm.config("hsm", false));
    assertThatThrownBy(() -> token.ensure("absent", Algorithm.A256KW, false))
        .hasMessage("key 'absent' is not on the token");
    token.ensure("kind-check", Algorithm.A256KW, true);
    assertThatThrownBy(() -> token.ensure("kind-check", Algorithm.RSA_OAEP, false))
        .hasMessage("key 'kind-check' cannot be used for RSA-OAEP");
    Pkcs11BackendConfig other =
        new Pkcs11BackendConfig(
            SoftHsm.LIBRARY, "no-such-token", null, SoftHsm.dir().resolve("hsm.pin"), false);
    assertThatThrownBy(() -> Pkcs11Token.open(other))
        .hasMessageContaining("no token labelled 'no-such-token'");
  }
}
