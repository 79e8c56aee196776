package dev.keyshift.routing;

import static dev.keyshift.routing.Fixtures.alias;
import static dev.keyshift.routing.Fixtures.version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class RoutingSnapshotTest {
  private static final Set<String> BACKENDS = Set.of("dev");

  @Test
  void validRouting_passes() {
    RoutingSnapshot snapshot = of(alias("orders", 90, 10));
    assertThat(snapshot.requireAlias("orders").totalWeight()).isEqualTo(100);
  }

  @Test
  void allWeightsZero_isRefused() {
    assertRefused(() -> of(alias("orders", 0, 0)), "alias orders: weights are all zero");
  }

  @Test
  void negativeWeight_isRefused() {
    assertRefused(
        () -> of(alias("orders", 10, -1)), "alias orders: version v2 has a negative weight");
  }

  @Test
  void weightOnDisabledVersion_isRefused() {
    assertRefused(
        () ->
            new Alias(
                "orders",
                false,
                null,
                List.of(version("v1", 5).withState(VersionState.DISABLED), version("v2", 5))),
        "alias orders: version v1 is disabled but has weight 5");
  }

  @Test
  void reusedVersionId_isRefused() {
    assertRefused(
        () -> new Alias("orders", false, null, List.of(version("v1", 5), version("v1", 5))),
        "alias orders: version id v1 is used twice");
  }

  @Test
  void unknownBackend_isRefused() {
    KeyVersion elsewhere =
        new KeyVersion("v1", "nowhere", "k", Algorithm.A256GCM, 1, VersionState.ENABLED);
    Alias alias = new Alias("orders", false, null, List.of(elsewhere));
    assertRefused(() -> of(alias), "alias orders: version v1 names unknown backend nowhere");
  }

  @Test
  void unknownLegacyVersion_isRefused() {
    assertRefused(
        () -> new Alias("orders", false, "v9", List.of(version("v1", 5))),
        "alias orders: legacy names unknown version v9");
  }

  @Test
  void badIds_areRefused() {
    assertRefused(
        () -> of(new Alias("Orders", false, null, List.of(version("v1", 1)))),
        "alias id 'Orders' is not valid");
    assertRefused(
        () -> of(new Alias("orders", false, null, List.of(version("-v1", 1)))),
        "version id '-v1' is not valid");
  }

  @Test
  void noVersions_isRefused() {
    assertRefused(
        () -> of(new Alias("orders", false, null, List.of())), "alias orders has no versions");
  }

  @Test
  void removingAVersion_isRefused() {
    RoutingSnapshot before = of(alias("orders", 50, 50));
    RoutingSnapshot after = of(alias("orders", 100));
    assertThatThrownBy(() -> after.validateChangeFrom(before))
        .isInstanceOf(InvalidRoutingException.class)
        .hasMessage("alias orders: version v2 cannot be removed (disable it instead)");
  }

  @Test
  void aliasFiledUnderAnotherName_isRefused() {
    assertRefused(
        () -> RoutingSnapshot.of(Map.of("billing", alias("orders", 1)), BACKENDS),
        "alias billing is filed under another name");
  }

  @Test
  void removingAnAlias_isRefused() {
    RoutingSnapshot before = of(alias("orders", 1));
    RoutingSnapshot after = RoutingSnapshot.of(Map.of(), BACKENDS);
    assertThatThrownBy(() -> after.validateChangeFrom(before))
        .hasMessageContaining("alias orders cannot be removed");
  }

  @Test
  void remappingAVersion_isRefused() {
    RoutingSnapshot before = of(alias("orders", 1));
    KeyVersion remapped =
        new KeyVersion("v1", "dev", "other-key", Algorithm.A256KW, 1, VersionState.ENABLED);
    RoutingSnapshot after = of(new Alias("orders", true, null, List.of(remapped)));
    assertThatThrownBy(() -> after.validateChangeFrom(before))
        .hasMessage(
            "alias orders: version v1 cannot be remapped to another key (add a new version)");
  }

  @Test
  void changingWeightsAndAddingVersions_isAllowed() {
    RoutingSnapshot before = of(alias("orders", 100, 0));
    RoutingSnapshot after = of(alias("orders", 0, 50, 50));
    assertThat(after.validateChangeFrom(before)).isSameAs(after);
  }

  @Test
  void unknownAlias_isNamed() {
    assertThatThrownBy(() -> of(alias("orders", 1)).requireAlias("billing"))
        .isInstanceOf(UnknownAliasException.class)
        .hasMessage("no alias named 'billing'");
  }

  private static RoutingSnapshot of(Alias alias) {
    return RoutingSnapshot.of(Map.of(alias.name(), alias), BACKENDS);
  }

  private static void assertRefused(ThrowingCallable build, String message) {
    assertThatThrownBy(build)
        .isInstanceOf(InvalidRoutingException.class)
        .hasMessageContaining(message);
  }
}
