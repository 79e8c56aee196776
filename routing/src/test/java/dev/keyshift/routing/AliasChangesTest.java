package dev.keyshift.routing;

import static dev.keyshift.routing.Fixtures.alias;
import static dev.keyshift.routing.Fixtures.version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AliasChangesTest {
  static final Alias ORDERS = alias("orders", 100, 0);

  @Test
  void setWeights_replacesEveryWeight_andBumpsRevision() {
    Alias changed = AliasChanges.setWeights(ORDERS, Map.of("v2", 10));
    assertThat(changed.version("v1").orElseThrow().weight()).isZero();
    assertThat(changed.version("v2").orElseThrow().weight()).isEqualTo(10);
    assertThat(changed.revision()).isEqualTo(ORDERS.revision() + 1);
  }

  @Test
  void setWeights_onUnknownVersion_isNamed() {
    assertThatThrownBy(() -> AliasChanges.setWeights(ORDERS, Map.of("v1", 1, "v7", 1, "v5", 1)))
        .isInstanceOf(InvalidRoutingException.class)
        .hasMessage("alias orders: unknown version v5, v7");
  }

  @Test
  void addVersion_appendsNewest() {
    Alias changed = AliasChanges.addVersion(ORDERS, version("v3", 0));
    assertThat(changed.versions()).extracting(KeyVersion::id).containsExactly("v1", "v2", "v3");
    assertThat(
            changed.isNewer(
                changed.version("v3").orElseThrow(), changed.version("v2").orElseThrow()))
        .isTrue();
  }

  @Test
  void addVersion_reusingId_failsValidation() {
    assertThatThrownBy(() -> AliasChanges.addVersion(ORDERS, version("v1", 0)))
        .hasMessage("alias orders: version id v1 is used twice");
  }

  @Test
  void setState_disablesOneVersion() {
    Alias changed = AliasChanges.setState(ORDERS, "v2", VersionState.DISABLED);
    assertThat(changed.version("v2").orElseThrow().isEnabled()).isFalse();
    assertThat(changed.version("v1").orElseThrow().isEnabled()).isTrue();
    assertThatThrownBy(() -> AliasChanges.setState(ORDERS, "v9", VersionState.DISABLED))
        .hasMessage("alias orders: unknown version v9");
  }

  @Test
  void disablingAWeightedVersion_failsValidation() {
    assertThatThrownBy(() -> AliasChanges.setState(ORDERS, "v1", VersionState.DISABLED))
        .hasMessage("alias orders: version v1 is disabled but has weight 100");
  }

  @Test
  void sameRoutingAs_ignoresRevision() {
    assertThat(ORDERS.withRevision(9).sameRoutingAs(ORDERS)).isTrue();
    assertThat(AliasChanges.setWeights(ORDERS, Map.of("v1", 1)).sameRoutingAs(ORDERS)).isFalse();
  }
}
