package dev.keyshift.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * A stand-in for Azure Key Vault or Managed HSM on loopback (Azure cannot run here), speaking its
 * REST protocol as the real service does: the 401 challenge to calls without a token, the key
 * bundle on GET, raw RSA-OAEP / RSA-OAEP-256 / A256KW / CKM_AES_KEY_WRAP_PAD results on wrapkey and
 * unwrapkey, 400 BadParameter for what does not unwrap, 404 KeyNotFound, and, on demand, 429
 * Throttled with Retry-After, 401/403, answers late, no answer at all, or refused connections.
 */
public final class StandInVault implements AutoCloseable {
  private final Vertx vertx;
  private final String token;
  private final String resource;
  private final Map<String, Key[]> keys = new ConcurrentHashMap<>();
  private final List<String> requests = java.util.Collections.synchronizedList(new ArrayList<>());
  private final List<String> served = new ArrayList<>();
  private volatile int faultStatus;
  private final AtomicInteger faultsLeft = new AtomicInteger();
  private volatile boolean hang;
  private volatile boolean reset;
  private volatile long delayMillis;
  private volatile boolean recording = true;
  private final List<Long> arrivals = java.util.Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger connectionsOpened = new AtomicInteger();
  private HttpServer server;
  private Router router;
  private HttpServerOptions options;

  private StandInVault(Vertx vertx, String token, boolean managedHsm) {
    this.vertx = vertx;
    this.token = token;
    this.resource = managedHsm ? "https://managedhsm.azure.net" : "https://vault.azure.net";
  }

  /** Starts on a free port with TLS from {@code pki}; accepts only {@code token}. */
  public static StandInVault start(Vertx vertx, TestPki pki, String token, boolean managedHsm) {
    StandInVault vault = new StandInVault(vertx, token, managedHsm);
    Router router = Router.router(vertx);
    router.route().handler(vault::record).handler(vault::authenticate);
    // The body is read before any fault, so that a late answer still has it.
    router.route().handler(BodyHandler.create()).handler(vault::faults);
    router.get("/keys/:name/:version").handler(vault::keyBundle);
    router.post("/keys/:name/:version/:op").handler(vault::operation);
    vault.router = router;
    vault.options = pki.httpsOnLoopback();
    vault.server = vault.listen();
    vault.options.setPort(vault.server.actualPort());
    return vault;
  }

  private HttpServer listen() {
    return vertx
        .createHttpServer(options)
        .requestHandler(router)
        .connectionHandler(connection -> connectionsOpened.incrementAndGet())
        .listen()
        .await();
  }

  /** How many connections clients have opened to the vault since it started. */
  public int connectionsOpened() {
    return connectionsOpened.get();
  }

  public String url() {
    return "https://localhost:" + server.actualPort();
  }

  /** Creates an RSA-2048 key {@code name/version}. */
  public StandInVault rsaKey(String name, String version) throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair pair = generator.generateKeyPair();
    keys.put(name + "/" + version, new Key[] {pair.getPublic(), pair.getPrivate()});
    return this;
  }

  /** Creates an AES-256 (oct-HSM) key {@code name/version}. */
  public StandInVault aesKey(String name, String version) throws GeneralSecurityException {
    KeyGenerator generator = KeyGenerator.getInstance("AES");
    generator.init(256);
    SecretKey key = generator.generateKey();
    keys.put(name + "/" + version, new Key[] {key, key});
    return this;
  }

  /**
   * The next {@code count} authenticated requests get {@code status} (429 carries Retry-After: 1).
   */
  public void failNext(int status, int count) {
    faultStatus = status;
    faultsLeft.set(count);
  }

  /** From now on, authenticated requests get no answer. */
  public void hang(boolean hang) {
    this.hang = hang;
  }

  /** From now on, authenticated requests are answered {@code millis} late (0: at once). */
  public void delay(long millis) {
    this.delayMillis = millis;
  }

  /**
   * Closes the listener and every connection ({@code true}), so that connections are refused, or
   * listens again on the same port ({@code false}).
   */
  public void refuse(boolean refuse) {
    if (refuse) {
      server.close().await();
    } else {
      server = listen();
    }
  }

  /**
   * Stops keeping {@link #requests}, {@link #arrivals} and {@link #served}, for runs too long to
   * keep every request in memory.
   */
  public StandInVault withoutRecording() {
    recording = false;
    return this;
  }

  /** From now on, authenticated requests get their connection closed, unanswered. */
  public void reset(boolean reset) {
    this.reset = reset;
  }

  /**
   * {@code METHOD path} of every request answered 2xx, in answer order: the calls the vault served
   * (an SDK's first call to a vault also draws a 401 challenge, which is not one).
   */
  public List<String> served() {
    synchronized (served) {
      return List.copyOf(served);
    }
  }

  /** When each request of {@link #requests} arrived ({@link System#nanoTime}). */
  public List<Long> arrivals() {
    return List.copyOf(arrivals);
  }

  /** {@code METHOD path} of every request, in arrival order. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  private void record(RoutingContext ctx) {
    if (!recording) {
      ctx.next();
      return;
    }
    String request = ctx.request().method() + " " + ctx.request().path();
    ctx.addEndHandler(
        ended -> {
          if (ctx.response().getStatusCode() / 100 == 2) {
            synchronized (served) {
              served.add(request);
            }
          }
        });
    synchronized (requests) {
      requests.add(ctx.request().method() + " " + ctx.request().path());
      arrivals.add(System.nanoTime());
    }
    ctx.next();
  }

  private void authenticate(RoutingContext ctx) {
    String authorization = ctx.request().getHeader("Authorization");
    if (authorization == null || !authorization.equals("Bearer " + token)) {
      ctx.response()
          .putHeader(
              "WWW-Authenticate",
              "Bearer authorization=\"https://login.microsoftonline.com/stand-in-tenant\", resource=\""
                  + resource
                  + "\"");
      error(ctx, 401, "Unauthorized", "AKV10000: Request is missing a Bearer or PoP token.");
      return;
    }
    ctx.next();
  }

  private void faults(RoutingContext ctx) {
    if (hang) {
      return;
    }
    if (reset) {
      ctx.request().connection().close();
      return;
    }
    if (delayMillis > 0) {
      long late = delayMillis;
      vertx.setTimer(late, id -> answer(ctx));
      return;
    }
    answer(ctx);
  }

  private void answer(RoutingContext ctx) {
    if (faultsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      switch (faultStatus) {
        case 429 -> {
          ctx.response().putHeader("Retry-After", "1");
          error(
              ctx,
              429,
              "Throttled",
              "Request was not processed because too many requests were received.");
        }
        case 500 ->
            error(ctx, 500, "InternalServerError", "The service encountered an internal error.");
        case 403 ->
            error(
                ctx,
                403,
                "Forbidden",
                "The user, group or application does not have keys wrapKey permission.");
        default -> error(ctx, faultStatus, "Unauthorized", "Fault injected by the test.");
      }
      return;
    }
    ctx.next();
  }

  private void keyBundle(RoutingContext ctx) {
    Key[] key = key(ctx);
    if (key == null) {
      return;
    }
    JsonObject jwk =
        new JsonObject()
            .put("kid", kid(ctx))
            .put("key_ops", new JsonArray().add("wrapKey").add("unwrapKey"));
    if (key[0] instanceof RSAPublicKey rsa) {
      jwk.put("kty", "RSA-HSM")
          .put("n", b64(unsigned(rsa.getModulus())))
          .put("e", b64(unsigned(rsa.getPublicExponent())));
    } else {
      jwk.put("kty", "oct-HSM");
    }
    json(
        ctx,
        200,
        new JsonObject()
            .put("key", jwk)
            .put(
                "attributes",
                new JsonObject()
                    .put("enabled", true)
                    .put("created", 1700000000)
                    .put("updated", 1700000000)
                    .put("recoveryLevel", "Recoverable")));
  }

  private void operation(RoutingContext ctx) {
    Key[] key = key(ctx);
    if (key == null) {
      return;
    }
    JsonObject body = ctx.body().asJsonObject();
    boolean wrap = ctx.pathParam("op").equals("wrapkey");
    try {
      Cipher cipher = cipher(body.getString("alg"), key, wrap);
      byte[] result = cipher.doFinal(Base64.getUrlDecoder().decode(body.getString("value")));
      json(ctx, 200, new JsonObject().put("kid", kid(ctx)).put("value", b64(result)));
    } catch (GeneralSecurityException | RuntimeException e) {
      error(ctx, 400, "BadParameter", "The parameter is incorrect.");
    }
  }

  private static Cipher cipher(String alg, Key[] key, boolean wrap)
      throws GeneralSecurityException {
    int mode = wrap ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE;
    Key use = wrap ? key[0] : key[1];
    return switch (alg) {
      case "RSA-OAEP" ->
          init(
              Cipher.getInstance("RSA/ECB/OAEPPadding"),
              mode,
              use,
              new OAEPParameterSpec(
                  "SHA-1", "MGF1", MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT));
      case "RSA-OAEP-256" ->
          init(
              Cipher.getInstance("RSA/ECB/OAEPPadding"),
              mode,
              use,
              new OAEPParameterSpec(
                  "SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
      case "A256KW" -> init(Cipher.getInstance("AES/KW/NoPadding"), mode, use, null);
      case "CKM_AES_KEY_WRAP_PAD" -> init(Cipher.getInstance("AES/KWP/NoPadding"), mode, use, null);
      default -> throw new GeneralSecurityException("unsupported alg " + alg);
    };
  }

  private static Cipher init(Cipher cipher, int mode, Key key, OAEPParameterSpec spec)
      throws GeneralSecurityException {
    if (spec == null) {
      cipher.init(mode, key);
    } else {
      cipher.init(mode, key, spec);
    }
    return cipher;
  }

  private Key[] key(RoutingContext ctx) {
    Key[] key = keys.get(ctx.pathParam("name") + "/" + ctx.pathParam("version"));
    if (key == null) {
      error(
          ctx,
          404,
          "KeyNotFound",
          "A key with (name/id) " + ctx.pathParam("name") + " was not found in this key vault.");
    }
    return key;
  }

  private String kid(RoutingContext ctx) {
    return url() + "/keys/" + ctx.pathParam("name") + "/" + ctx.pathParam("version");
  }

  private static void error(RoutingContext ctx, int status, String code, String message) {
    json(
        ctx,
        status,
        new JsonObject().put("error", new JsonObject().put("code", code).put("message", message)));
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("x-ms-request-id", UUID.randomUUID().toString())
        .end(body.encode());
  }

  private static byte[] unsigned(BigInteger value) {
    byte[] bytes = value.toByteArray();
    return bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
  }

  private static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  @Override
  public void close() {
    server.close().await();
  }
}
