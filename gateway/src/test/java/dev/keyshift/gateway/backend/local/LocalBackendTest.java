package dev.keyshift.gateway.backend.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyshift.gateway.backend.BackendContext;
import dev.keyshift.gateway.backend.KeyBackend;
import dev.keyshift.routing.Algorithm;
import dev.keyshift.routing.InvalidCiphertextException;
import dev.keyshift.routing.KeyVersion;
import dev.keyshift.routing.VersionState;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.junit5.VertxExtension;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.AsymmetricBlockCipher;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.encodings.OAEPEncoding;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.engines.RFC5649WrapEngine;
import org.bouncycastle.crypto.engines.RSAEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class LocalBackendTest {
  /** RFC 3394 section 4.6: 256-bit key data wrapped with a 256-bit KEK. */
  static final byte[] KEK =
      HexFormat.of().parseHex("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F");

  static final byte[] DATA =
      HexFormat.of().parseHex("00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F");
  static final byte[] RFC3394_OUTPUT =
      HexFormat.of()
          .parseHex(
              "28C9F404C4B810F4CBCCB35CFB87F8263F5786E2D80ED326CBC7F0E71A99F43BFB988B9B7A02DD21");
  static final char[] PASSWORD = "pw".toCharArray();

  @TempDir Path dir;
  WorkerExecutor workers;
  Vertx vertx;
  KeyBackend backend;

  @BeforeEach
  void open(Vertx vertx) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, PASSWORD);
    store.setEntry(
        "rfc-kek",
        new KeyStore.SecretKeyEntry(new SecretKeySpec(KEK, "AES")),
        new KeyStore.PasswordProtection(PASSWORD));
    try (OutputStream out = Files.newOutputStream(dir.resolve("keys.p12"))) {
      store.store(out, PASSWORD);
    }
    Files.writeString(dir.resolve("pw"), "pw\n");
    this.vertx = vertx;
    workers = vertx.createSharedWorkerExecutor("test-crypto", 2);
    backend = LocalBackend.open(config(true), context()).await();
  }

  @Test
  void a256kw_matchesRfc3394KnownAnswer() {
    KeyVersion version = prepared("rfc-kek", Algorithm.A256KW);
    assertThat(backend.wrap(version, DATA).await()).isEqualTo(RFC3394_OUTPUT);
    assertThat(backend.unwrap(version, RFC3394_OUTPUT).await()).isEqualTo(DATA);
  }

  @Test
  void a256kwp_agreesWithBouncyCastleRfc5649() {
    KeyVersion version = prepared("rfc-kek", Algorithm.A256KWP);
    byte[] plaintext = Arrays.copyOf(DATA, 20);
    RFC5649WrapEngine reference = new RFC5649WrapEngine(AESEngine.newInstance());
    reference.init(true, new KeyParameter(KEK));
    byte[] expected = reference.wrap(plaintext, 0, plaintext.length);
    assertThat(backend.wrap(version, plaintext).await()).isEqualTo(expected);
    assertThat(backend.unwrap(version, expected).await()).isEqualTo(plaintext);
  }

  @Test
  void a256gcm_layoutIsNonceCiphertextTag() throws Exception {
    KeyVersion version = prepared("rfc-kek", Algorithm.A256GCM);
    byte[] wrapped = backend.wrap(version, DATA).await();
    assertThat(wrapped).hasSize(12 + DATA.length + 16);
    GCMBlockCipher reference = (GCMBlockCipher) GCMBlockCipher.newInstance(AESEngine.newInstance());
    reference.init(
        false, new AEADParameters(new KeyParameter(KEK), 128, Arrays.copyOf(wrapped, 12)));
    byte[] out = new byte[DATA.length];
    int n = reference.processBytes(wrapped, 12, wrapped.length - 12, out, 0);
    reference.doFinal(out, n);
    assertThat(out).isEqualTo(DATA);
    assertThat(backend.wrap(version, DATA).await())
        .as("fresh nonce each time")
        .isNotEqualTo(wrapped);
  }

  @Test
  void rsaOaep256_usesSha256AndMgf1Sha256() throws Exception {
    KeyVersion version = prepared("rsa-kek", Algorithm.RSA_OAEP_256);
    byte[] wrapped = backend.wrap(version, DATA).await();
    assertThat(wrapped).hasSize(LocalKeyStore.RSA_BITS / 8);
    AsymmetricBlockCipher reference =
        new OAEPEncoding(new RSAEngine(), new SHA256Digest(), new SHA256Digest(), null);
    reference.init(false, PrivateKeyFactory.createKey(storedPrivateKey("rsa-kek").getEncoded()));
    assertThat(reference.processBlock(wrapped, 0, wrapped.length)).isEqualTo(DATA);
    assertThat(backend.unwrap(version, wrapped).await()).isEqualTo(DATA);
  }

  @Test
  void tamperedPayload_isInvalidCiphertext_forEveryAlgorithm() {
    for (Algorithm algorithm : Algorithm.values()) {
      KeyVersion version = prepared(algorithm.isRsa() ? "rsa-kek" : "rfc-kek", algorithm);
      byte[] wrapped = backend.wrap(version, DATA).await();
      wrapped[wrapped.length / 2] ^= 1;
      assertThatThrownBy(() -> backend.unwrap(version, wrapped).await())
          .as(algorithm.wireName())
          .isInstanceOf(InvalidCiphertextException.class);
      assertThatThrownBy(() -> backend.unwrap(version, Arrays.copyOf(wrapped, 7)).await())
          .isInstanceOf(InvalidCiphertextException.class);
    }
  }

  @Test
  void anotherKeysCiphertext_isInvalidCiphertext_forEveryAlgorithm() {
    for (Algorithm algorithm : Algorithm.values()) {
      boolean rsa = algorithm.isRsa();
      KeyVersion one = prepared(rsa ? "rsa-one" : "aes-one", algorithm);
      KeyVersion other = prepared(rsa ? "rsa-other" : "aes-other", algorithm);
      byte[] wrapped = backend.wrap(one, DATA).await();
      assertThatThrownBy(() -> backend.unwrap(other, wrapped).await())
          .as(algorithm.wireName())
          .isInstanceOf(InvalidCiphertextException.class);
    }
  }

  @Test
  void createdKeys_arePersistedOwnerOnly_andSurviveReopening() throws Exception {
    KeyVersion version = prepared("new-kek", Algorithm.A256KW);
    byte[] wrapped = backend.wrap(version, DATA).await();
    assertThat(
            PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("keys.p12"))))
        .isEqualTo("rw-------");
    KeyBackend reopened = LocalBackend.open(config(false), context()).await();
    reopened.prepare(version).await();
    assertThat(reopened.unwrap(version, wrapped).await()).isEqualTo(DATA);
  }

  @Test
  void missingKey_withoutCreate_failsNamingKey() throws Exception {
    KeyBackend strict = LocalBackend.open(config(false), context()).await();
    assertThatThrownBy(() -> strict.prepare(version("absent", Algorithm.A256KW)).await())
        .hasMessageContaining(
            "backend local cannot serve version v1: key 'absent' is not in keys.p12");
  }

  @Test
  void keyOfWrongKind_isRefused() {
    assertThatThrownBy(() -> backend.prepare(version("rfc-kek", Algorithm.RSA_OAEP_256)).await())
        .hasMessageContaining("key 'rfc-kek' cannot be used for RSA-OAEP-256");
  }

  @Test
  void missingKeystore_withoutCreate_failsNamingFile() {
    LocalBackendConfig config =
        new LocalBackendConfig(dir.resolve("none.p12"), dir.resolve("pw"), false);
    assertThatThrownBy(() -> LocalBackend.open(config, context()).await())
        .hasMessageContaining("none.p12 does not exist");
  }

  private LocalBackendConfig config(boolean create) {
    return new LocalBackendConfig(dir.resolve("keys.p12"), dir.resolve("pw"), create);
  }

  private BackendContext context() {
    return new BackendContext("local", vertx, workers, Duration.ofSeconds(30));
  }

  private KeyVersion prepared(String key, Algorithm algorithm) {
    KeyVersion version = version(key, algorithm);
    backend.prepare(version).await();
    return version;
  }

  private static KeyVersion version(String key, Algorithm algorithm) {
    return new KeyVersion("v1", "local", key, algorithm, 1, VersionState.ENABLED);
  }

  private PrivateKey storedPrivateKey(String name) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(dir.resolve("keys.p12"))) {
      store.load(in, PASSWORD);
    }
    return (PrivateKey) store.getKey(name, PASSWORD);
  }
}
