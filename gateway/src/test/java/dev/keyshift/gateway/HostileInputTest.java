package dev.keyshift.gateway;

import static dev.keyshift.gateway.TestGateway.ADMIN_TOKEN;
import static dev.keyshift.gateway.TestGateway.ALL_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.keyshift.gateway.config.GatewayConfig;
import dev.keyshift.metrics.PrometheusRegistries;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The gateway under hostile input, over real sockets (raw HTTP/1.1 where a client library would
 * refuse to send the request): broken framing, missing or odd headers, invented methods, bad
 * escapes, malformed bodies, mutated envelopes, invalid admin changes. Whatever arrives: never a
 * 5xx, always the JSON error shape on {@code /v1} and {@code /admin} with {@code Cache-Control:
 * no-store}, no stack trace in the log, no series labelled with what a client sent (and none added
 * by invented methods), and a healthy gateway afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest {
  static final long SEED = 20261201L;
  static final byte[] DEK = new byte[32];

  /** Values this suite sends that must never reach a series label. */
  static final List<String> CLIENT_SENT =
      List.of("nope", "%zz", "%C3", "..%2F", "orders%00", "aaaaaaaa", "X-Big", "garbage");

  final ListAppender<ILoggingEvent> log = new ListAppender<>();
  Vertx vertx;
  TestGateway gw;
  PrometheusMeterRegistry registry;
  String good;
  String routingBefore;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    registry = PrometheusRegistries.create();
    vertx = GatewayVertx.create(registry, true);
    GatewayConfig config = TestGateway.prepare(dir, TestGateway.ROUTING);
    gw = TestGateway.around(dir, Gateway.start(vertx, config, registry).await());
    good = gw.wrap("orders", DEK, null).getString("ciphertext");
    routingBefore = admin("GET", "/admin/v1/aliases", null).body();
    log.start();
    ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).addAppender(log);
  }

  @AfterAll
  void stop() {
    ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(log);
    gw.close();
    vertx.close().await();
  }

  @Test
  void hostileTraffic_isAnsweredAsTheClientsFault_andLeavesNoTrace() throws Exception {
    List<String> failures = new ArrayList<>();
    round(failures);
    round(failures);
    assertThat(failures).as("answers that broke the contract").isEmpty();
    // Which status a broken connection gets (an answer or a close) depends on timing, so the set
    // of status series may differ between rounds; what a client sent may never become a label.
    String scrape = registry.scrape();
    for (String sent : CLIENT_SENT) {
      assertThat(scrape).as("a series labelled with what a client sent").doesNotContain(sent);
    }
    assertThat(log.list)
        .as("nothing a client sends is logged with a stack trace, a warning or an error")
        .noneMatch(e -> e.getThrowableProxy() != null || e.getLevel().isGreaterOrEqual(Level.WARN));
    assertHealthy();
  }

  @Test
  void inventedMethods_createNoSeries() throws Exception {
    RawHttp.send(gw.gateway.dataPort(), head("BREW", "/v1/keys/orders/wrap", "Content-Length: 0"));
    Set<String> before = series();
    SplittableRandom random = new SplittableRandom(SEED);
    for (int i = 0; i < 200; i++) {
      String method = randomMethod(random);
      RawHttp.Answer answer =
          RawHttp.send(
              gw.gateway.dataPort(),
              head(method, "/v1/keys/orders/wrap", "Authorization: Bearer " + ALL_TOKEN));
      assertThat(answer.status()).as(method).isBetween(400, 499);
      assertThat(answer.isJsonError()).as(answer.body()).isTrue();
    }
    Set<String> added = series();
    added.removeAll(before);
    assertThat(added).as("series added while invented methods arrived").isEmpty();
  }

  private void round(List<String> failures) throws Exception {
    framing(failures);
    heads(failures);
    escapes(failures);
    bodies(failures);
    envelopes(failures);
    adminChanges(failures);
  }

  private void framing(List<String> failures) throws Exception {
    String auth = "Authorization: Bearer " + ALL_TOKEN;
    for (String chunk :
        new String[] {"zz", "ffffffffffffffffffff", "-1", "1;" + "x".repeat(9000)}) {
      raw(
          failures,
          "chunk size " + chunk.substring(0, Math.min(chunk.length(), 20)),
          head("POST", "/v1/keys/orders/wrap", auth, "Transfer-Encoding: chunked")
              + chunk
              + "\r\nabc\r\n0\r\n\r\n",
          true);
    }
    byte[] partial =
        (head("POST", "/v1/keys/orders/wrap", auth, "Content-Length: 100") + "{\"plaintext\":")
            .getBytes(StandardCharsets.ISO_8859_1);
    RawHttp.send(gw.gateway.dataPort(), partial, true);
    raw(
        failures,
        "content-length not a number",
        head("POST", "/v1/keys/orders/wrap", auth, "Content-Length: ten") + "{}",
        true);
  }

  private void heads(List<String> failures) throws Exception {
    String auth = "Authorization: Bearer " + ALL_TOKEN;
    raw(
        failures,
        "no Host",
        "POST /v1/keys/orders/wrap HTTP/1.1\r\n" + auth + "\r\nContent-Length: 2\r\n\r\n{}",
        true);
    raw(
        failures,
        "Expect garbage",
        head("POST", "/v1/keys/orders/wrap", auth, "Expect: garbage", "Content-Length: 2") + "{}",
        true);
    raw(failures, "huge header", head("GET", "/v1/keys", "X-Big: " + "a".repeat(20_000)), true);
    raw(failures, "huge URI", head("GET", "/v1/keys/" + "a".repeat(9000), "Accept: */*"), true);
    raw(
        failures,
        "bearer of 10 kB",
        head(
                "POST",
                "/v1/keys/orders/wrap",
                "Authorization: Bearer " + "t".repeat(5000),
                "Content-Length: 2")
            + "{}",
        true);
    raw(failures, "admin without token", head("GET", "/admin/v1/aliases"), false);
  }

  private void escapes(List<String> failures) throws Exception {
    for (String path :
        new String[] {
          "/v1/keys/%zz/wrap",
          "/v1/keys/%/wrap",
          "/v1/keys/orders/wrap?x=%zz",
          "/v1/keys/%C3%28/wrap",
          "/v1/keys/..%2F..%2Fadmin/wrap",
          "/v1/keys/orders%00/wrap"
        }) {
      raw(
          failures,
          path,
          head("POST", path, "Authorization: Bearer " + ALL_TOKEN, "Content-Length: 2") + "{}",
          true);
    }
    for (String path :
        new String[] {"/admin/v1/aliases/%zz", "/admin/v1/audit?limit=%zz", "/admin/v1/%"}) {
      raw(failures, path, head("GET", path, "Authorization: Bearer " + ADMIN_TOKEN), false);
    }
  }

  private void bodies(List<String> failures) {
    for (String body :
        new String[] {
          "",
          "not json",
          "[]",
          "null",
          "{\"plaintext\": 5}",
          "{\"plaintext\": \"***\"}",
          "{\"plaintext\": \"AAAA\", \"routingKey\": \"" + "k".repeat(300) + "\"}",
          "{\"plaintext\": \"" + "A".repeat(70_000) + "\"}",
          "{\"items\": 5}",
          "{" + "\"a\":{".repeat(2000) + "}".repeat(2001)
        }) {
      for (String op : new String[] {"wrap", "unwrap", "rewrap", "wrap/batch"}) {
        check(
            failures,
            op + " " + abbreviate(body),
            gw.post("/v1/keys/orders/" + op, ALL_TOKEN, body));
      }
    }
    // Every datakey field is optional: only what cannot be a datakey request is refused.
    for (String body :
        new String[] {
          "not json",
          "[]",
          "{\"bytes\": \"x\"}",
          "{\"bytes\": 0}",
          "{\"bytes\": 99999}",
          "{\"bytes\": 1.5}"
        }) {
      check(failures, "datakey " + body, gw.post("/v1/keys/orders/datakey", ALL_TOKEN, body));
    }
    check(failures, "no token", gw.post("/v1/keys/orders/wrap", null, "{}"));
    check(failures, "unknown alias", gw.post("/v1/keys/nope/wrap", ALL_TOKEN, "{}"));
  }

  /** Random mutations of a valid envelope: flipped, dropped, inserted and swapped characters. */
  private void envelopes(List<String> failures) {
    SplittableRandom random = new SplittableRandom(SEED);
    for (int i = 0; i < 150; i++) {
      String mutated = mutate(good, random);
      for (String op : new String[] {"unwrap", "rewrap"}) {
        Response response =
            gw.post(
                "/v1/keys/orders/" + op,
                ALL_TOKEN,
                new io.vertx.core.json.JsonObject().put("ciphertext", mutated).encode());
        if (response.status() != 200 || !mutated.equals(good)) {
          check(failures, op + " seed " + SEED + " mutation " + i, response);
        }
      }
    }
  }

  private void adminChanges(List<String> failures) {
    String weights = "/admin/v1/aliases/orders/weights";
    for (String body :
        new String[] {
          "{\"weights\": {\"v1\": 0, \"v2\": 0}}",
          "{\"weights\": {\"v1\": -5}}",
          "{\"weights\": {\"v1\": 99999999999}}",
          "{\"weights\": {\"v3\": 5}}",
          "{\"weights\": {\"v9\": 5}}",
          "{\"weights\": \"all\"}",
          "not json"
        }) {
      check(failures, "weights " + body, admin("PUT", weights, body));
    }
    check(
        failures,
        "stale If-Match",
        gw.request(
            "PUT",
            gw.admin(weights),
            ADMIN_TOKEN,
            "{\"weights\": {\"v1\": 100}}",
            "If-Match",
            "\"999\""));
    check(
        failures,
        "state off",
        admin("PUT", "/admin/v1/aliases/orders/versions/v1/state", "{\"state\": \"off\"}"));
    check(
        failures,
        "disable weighted",
        admin("PUT", "/admin/v1/aliases/orders/versions/v1/state", "{\"state\": \"disabled\"}"));
    check(
        failures,
        "add reused id",
        admin(
            "POST",
            "/admin/v1/aliases/orders/versions",
            "{\"id\": \"v1\", \"backend\": \"local\", \"key\": \"k\", \"algorithm\": \"A256KW\"}"));
    check(failures, "audit limit", admin("GET", "/admin/v1/audit?limit=-1", null));
    String plan = "/admin/v1/aliases/orders/plan";
    for (String body :
        new String[] {
          "{\"steps\": [{\"weights\": {\"v2\": 100}, \"hold\": \"1s\"}]}",
          "{\"steps\": [{\"weights\": {\"v3\": 100}, \"hold\": \"10m\"}]}",
          "{\"steps\": [{\"weights\": {\"v2\": -1}, \"hold\": \"10m\"}]}",
          "{\"steps\": [{\"weights\": {\"v2\": 1}, \"hold\": 600}]}",
          "{\"steps\": [{\"weights\": {\"v2\": 1}, \"hold\": \"99999999999h\"}]}",
          "{\"steps\": [{\"weights\": {\"v2\": 1}, \"hold\": \"10m\"}],"
              + " \"gates\": {\"maxErrorRatio\": \"high\"}}",
          "{\"steps\": [{\"weights\": {\"v2\": 1}, \"hold\": \"10m\"}],"
              + " \"gates\": {\"minCalls\": 0}}",
          "{\"id\": \"../x\", \"steps\": [{\"weights\": {\"v2\": 1}, \"hold\": \"10m\"}]}",
          "{\"steps\": {}}",
          "[]",
          "not json"
        }) {
      check(failures, "plan " + body, admin("PUT", plan, body));
    }
    check(failures, "plan of none", admin("GET", plan, null));
    check(failures, "pause no plan", admin("POST", plan + "/pause", null));
    check(failures, "abort no plan", admin("DELETE", plan, null));
    for (String body : new String[] {"{\"shadow\": 101}", "{\"shadow\": \"all\"}", "{}"}) {
      check(
          failures,
          "shadow " + body,
          admin("PUT", "/admin/v1/aliases/orders/versions/v2/shadow", body));
    }
    String retire = "/admin/v1/aliases/orders/versions/v2/retire-check";
    for (String query : new String[] {"?quietDays=-1", "?quietDays=ten", "?backupRetention=soon"}) {
      check(failures, "retire-check " + query, admin("GET", retire + query, null));
    }
    check(
        failures,
        "retire-check of no version",
        admin("GET", "/admin/v1/aliases/orders/versions/v9/retire-check", null));
    check(
        failures,
        "shadow on a disabled version",
        admin("PUT", "/admin/v1/aliases/orders/versions/v3/shadow", "{\"shadow\": 5}"));
    assertThat(admin("GET", "/admin/v1/aliases", null).body())
        .as("no refused change touched the routing")
        .isEqualTo(routingBefore);
  }

  private void raw(List<String> failures, String what, String request, boolean dataPlane)
      throws Exception {
    int port = dataPlane ? gw.gateway.dataPort() : gw.gateway.adminPort();
    RawHttp.Answer answer = RawHttp.send(port, request);
    if (answer.status() == 0) {
      return; // closed without an answer: allowed for framing a server cannot read
    }
    if (answer.status() >= 500
        || answer.status() < 400
        || !answer.isJsonError()
        || !answer.head().toLowerCase().contains("cache-control: no-store")) {
      failures.add(what + ": " + answer.status() + " " + abbreviate(answer.body()));
    }
  }

  private static void check(List<String> failures, String what, Response response) {
    boolean jsonError;
    try {
      jsonError = response.errorCode() != null && response.errorMessage() != null;
    } catch (RuntimeException e) {
      jsonError = false;
    }
    if (response.status() >= 500
        || response.status() < 400
        || !jsonError
        || !"no-store".equals(response.header("Cache-Control"))) {
      failures.add(what + ": " + response.status() + " " + abbreviate(response.body()));
    }
  }

  private Response admin(String method, String path, String body) {
    return gw.request(method, gw.admin(path), ADMIN_TOKEN, body);
  }

  private void assertHealthy() {
    assertThat(gw.get(gw.admin("/health/ready")).status()).isEqualTo(200);
    assertThat(gw.unwrap("orders", good, null).getString("keyVersion")).isEqualTo("v1");
  }

  /**
   * The series in a scrape, without their values. The JVM's own series are left out: a garbage
   * collection of a kind not seen before adds a {@code jvm_gc_pause} series at any moment.
   */
  private Set<String> series() {
    Set<String> series = new HashSet<>();
    for (String line : registry.scrape().split("\n")) {
      if (!line.isEmpty() && !line.startsWith("#") && !line.startsWith("jvm_")) {
        series.add(line.substring(0, line.lastIndexOf(' ')));
      }
    }
    return series;
  }

  private static String head(String method, String path, String... headers) {
    StringBuilder head =
        new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n");
    for (String header : headers) {
      head.append(header).append("\r\n");
    }
    return head.append("\r\n").toString();
  }

  private static String mutate(String text, SplittableRandom random) {
    StringBuilder out = new StringBuilder(text);
    int edits = 1 + random.nextInt(3);
    for (int e = 0; e < edits && out.length() > 1; e++) {
      int at = random.nextInt(out.length());
      switch (random.nextInt(4)) {
        case 0 -> out.setCharAt(at, (char) ('!' + random.nextInt(94)));
        case 1 -> out.deleteCharAt(at);
        case 2 -> out.insert(at, (char) ('!' + random.nextInt(94)));
        default -> {
          int other = random.nextInt(out.length());
          char c = out.charAt(at);
          out.setCharAt(at, out.charAt(other));
          out.setCharAt(other, c);
        }
      }
    }
    return out.toString();
  }

  private static String randomMethod(SplittableRandom random) {
    StringBuilder method = new StringBuilder();
    for (int i = 0; i < 4 + random.nextInt(8); i++) {
      method.append((char) ('A' + random.nextInt(26)));
    }
    return method.toString();
  }

  private static String abbreviate(String text) {
    return text.length() > 120 ? text.substring(0, 120) + "..." : text;
  }
}
