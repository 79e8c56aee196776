package dev.keyshift.routing.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyshift.routing.Alias;
import dev.keyshift.routing.Plan;
import dev.keyshift.routing.PlanState;
import dev.keyshift.routing.RoutingSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Pins a plan and shadow shares in the routing file, a persisted format. */
class PlanFileTest {
  static final String PINNED =
      """
      aliases:
        orders:
          revision: 9
          lazy-rewrap: false
          versions:
            - { id: v1, backend: "dev", key: "k1", algorithm: A256KW, weight: 90, state: enabled }
            - { id: v2, backend: "dev", key: "k2", algorithm: A256KW, weight: 10, state: enabled, shadow: 25 }
          plan:
            id: p-7
            state: running
            step: 1
            applied: true
            window: 1
            step-started-at: "2026-12-01T10:00:00Z"
            started-by: "ops"
            started-at: "2026-12-01T09:59:58.500Z"
            gates: { max-error-ratio: 0.01, max-p99-ms: 250, min-calls: 100 }
            start-weights: { v1: 100, v2: 0 }
            start-shadows: { v1: 0, v2: 0 }
            steps:
              - { weights: { v1: 90, v2: 10 }, shadows: { v2: 25 }, hold: 10m }
              - { weights: { v2: 100 }, shadows: {}, hold: 90s }
      """;

  @Test
  void aPlanAndAShadow_readAndWriteAsPinned() {
    RoutingSnapshot snapshot = RoutingFile.parse(PINNED, Set.of("dev"));
    Alias orders = snapshot.requireAlias("orders");
    Plan plan = orders.plan();
    assertThat(orders.version("v2").orElseThrow().shadow()).isEqualTo(25);
    assertThat(plan.state()).isEqualTo(PlanState.RUNNING);
    assertThat(plan.stepStartedAt()).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
    assertThat(plan.steps().get(1).hold()).isEqualTo(Duration.ofSeconds(90));
    assertThat(plan.gates().maxP99Millis()).isEqualTo(250L);
    assertThat(plan.actor()).isEqualTo("plan:p-7");
    assertThat(RoutingFile.write(snapshot)).isEqualTo(PINNED);
  }

  @Test
  void aBrokenPlan_namesItsField() {
    assertThatThrownBy(
            () -> RoutingFile.parse(PINNED.replace("hold: 90s", "hold: soon"), Set.of("dev")))
        .isInstanceOf(FileFormatException.class)
        .hasMessage(
            "aliases.orders.plan.steps[1].hold: hold 'soon' must be a whole number of s, m or h,"
                + " like 10m");
    assertThatThrownBy(
            () -> RoutingFile.parse(PINNED.replace("state: running", "state: gone"), Set.of("dev")))
        .hasMessage(
            "aliases.orders.plan.state: must be running, paused, completed, rolled-back or aborted");
    assertThatThrownBy(
            () -> RoutingFile.parse(PINNED.replace("shadow: 25", "shadow: 101"), Set.of("dev")))
        .hasMessageContaining("aliases.orders.versions[1].shadow");
  }

  /**
   * Found by fuzzing: a plan naming no version was read, then written as YAML that does not read.
   */
  @Test
  void aPlanNamingAVersionTheAliasLacks_isRefusedByField() {
    assertThatThrownBy(
            () ->
                RoutingFile.parse(
                    PINNED.replace(
                        "start-shadows: { v1: 0, v2: 0 }", "start-shadows: { v1: 0, &a : 0 }"),
                    Set.of("dev")))
        .isInstanceOf(FileFormatException.class)
        .hasMessage(
            "aliases.orders.plan.start-shadows: names an empty version id, which the alias does"
                + " not have");
    assertThatThrownBy(
            () ->
                RoutingFile.parse(
                    PINNED.replace("{ weights: { v2: 100 }", "{ weights: { v3: 100 }"),
                    Set.of("dev")))
        .hasMessage(
            "aliases.orders.plan.steps[1].weights: names version v3, which the alias does not have");
    assertThatThrownBy(
            () ->
                RoutingFile.parse(
                    PINNED.replace("{ v1: 100, v2: 0 }", "{ v1: 100, v2: }"), Set.of("dev")))
        .hasMessage("aliases.orders.plan.start-weights: gives version v2 no number");
    assertThatThrownBy(
            () ->
                RoutingFile.parse(
                    PINNED.replace(
                        "      - { weights: { v2: 100 }, shadows: {}, hold: 90s }\n", "      - \n"),
                    Set.of("dev")))
        .hasMessage("aliases.orders.plan.steps[1]: must be a mapping with weights and hold");
  }
}
