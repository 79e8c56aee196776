package dev.keyshift.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Prometheus rules and the Grafana dashboard operators deploy: valid for promtool, and using
 * only metrics a real gateway exposes (or recording rules the rules file defines).
 */
@ExtendWith(VertxExtension.class)
class DeployArtifactsTest {
  static final Path RULES = Path.of("..", "deploy", "prometheus", "keyshift-rules.yml");
  static final Path DASHBOARD = Path.of("..", "deploy", "grafana", "keyshift-cutover.json");
  static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  static final Path RULE_TESTS = Path.of("..", "deploy", "prometheus", "keyshift-rules.test.yml");

  @Test
  void rules_passPromtool() throws Exception {
    assertThat(promtool("check", "rules", RULES.toString())).contains("SUCCESS");
  }

  @Test
  void replicaAlerts_fireAsTheirUnitTestsExpect() throws Exception {
    assertThat(promtool("test", "rules", RULE_TESTS.toString())).contains("SUCCESS");
  }

  private static String promtool(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("promtool"));
    command.addAll(List.of(args));
    Process promtool = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertThat(promtool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(promtool.exitValue()).as(output).isZero();
    return output;
  }

  @Test
  void everyMetricUsed_isInALiveScrape(Vertx vertx, @TempDir Path dir) throws Exception {
    Set<String> scraped;
    try (TestGateway gw = TestGateway.start(vertx, dir, TestGateway.ROUTING)) {
      String ciphertext = gw.wrap("orders", new byte[32], null).getString("ciphertext");
      gw.unwrap("orders", ciphertext, null);
      gw.post(
          "/v1/keys/orders/unwrap",
          TestGateway.ALL_TOKEN,
          "{\"ciphertext\": \"ks1:orders:v1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}");
      assertThat(
              gw.unwrap("cutover", TestGateway.b64(gw.rawKwpWrap("cutover-v1", new byte[32])), null)
                  .getBoolean("rewrapped"))
          .isTrue();
      // A shadow wrap, recorded after its client's answer.
      assertThat(
              gw.request(
                      "PUT",
                      gw.admin("/admin/v1/aliases/orders/versions/v2/shadow"),
                      TestGateway.ADMIN_TOKEN,
                      "{\"shadow\": 100}")
                  .status())
          .isEqualTo(200);
      gw.wrap("orders", new byte[32], null);
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> gw.get(gw.admin("/metrics")).body().contains("keyshift_shadow_total{"));
      scraped =
          gw.get(gw.admin("/metrics"))
              .body()
              .lines()
              .filter(line -> !line.startsWith("#") && !line.isBlank())
              .map(line -> line.split("[{ ]", 2)[0])
              .collect(Collectors.toCollection(TreeSet::new));
    }
    List<String> expressions = new ArrayList<>();
    Set<String> recorded = new TreeSet<>();
    for (JsonNode group :
        new ObjectMapper(new YAMLFactory()).readTree(RULES.toFile()).get("groups")) {
      for (JsonNode rule : group.get("rules")) {
        expressions.add(rule.get("expr").asText());
        if (rule.has("record")) {
          recorded.add(rule.get("record").asText());
        }
      }
    }
    new ObjectMapper()
        .readTree(DASHBOARD.toFile())
        .findValues("expr")
        .forEach(expr -> expressions.add(expr.asText()));
    assertThat(expressions).hasSizeGreaterThan(15);

    Set<String> raw = new TreeSet<>();
    Set<String> recordings = new TreeSet<>();
    for (String expression : expressions) {
      Matcher names =
          NAME.matcher(expression.replaceAll("\\{[^}]*}", "").replaceAll("\\[[^]]*]", ""));
      while (names.find()) {
        String name = names.group();
        if (name.contains(":")) {
          recordings.add(name);
        } else if (name.startsWith("keyshift_") || name.startsWith("resilience4j_")) {
          raw.add(name);
        }
      }
    }
    assertThat(raw).as("raw metrics the rules and dashboard use").isNotEmpty();
    assertThat(scraped).as("a live scrape").containsAll(raw);
    assertThat(recorded).as("recording rules defined").containsAll(recordings);
  }
}
