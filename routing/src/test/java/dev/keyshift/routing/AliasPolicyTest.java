package dev.keyshift.routing;

import static dev.keyshift.routing.Fixtures.alias;
import static dev.keyshift.routing.Fixtures.version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The version rules an alias answers, beyond selection (SelectorTest) and invariants. */
class AliasPolicyTest {

  @Test
  void rewrapTarget_isTheSelectedVersion_onlyWhenNewer() {
    Alias alias = alias("orders", 0, 100);
    KeyVersion v1 = alias.version("v1").orElseThrow();
    KeyVersion v2 = alias.version("v2").orElseThrow();
    SplittableRandom random = new SplittableRandom(1);
    assertThat(alias.rewrapTarget(v1, "tenant-1", random)).contains(v2);
    assertThat(alias.rewrapTarget(v2, "tenant-1", random)).isEmpty();
    Alias rolledBack = alias("orders", 100, 0);
    assertThat(rolledBack.rewrapTarget(rolledBack.version("v2").orElseThrow(), null, random))
        .as("never back to an older version")
        .isEmpty();
  }

  @Test
  void checkWrappable_refusesWhatAnyWeightedVersionCannotTake() {
    KeyVersion gcm = new KeyVersion("v1", "dev", "k1", Algorithm.A256GCM, 1, VersionState.ENABLED);
    KeyVersion kw = new KeyVersion("v2", "dev", "k2", Algorithm.A256KW, 1, VersionState.ENABLED);
    Alias both = new Alias("orders", false, null, List.of(gcm, kw));
    both.checkWrappable(32);
    assertThatThrownBy(() -> both.checkWrappable(20))
        .isInstanceOf(InvalidPlaintextException.class)
        .hasMessage("A256KW needs a plaintext of 16 bytes or more, a multiple of 8 (version v2)");
    Alias kwDecryptOnly = new Alias("orders", false, null, List.of(gcm, kw.withWeight(0)));
    kwDecryptOnly.checkWrappable(20);
  }

  @Test
  void addedVersion_isEnabledWithNoWeight() {
    KeyVersion added = KeyVersion.added("v3", "dev", "k3", Algorithm.A256KWP);
    assertThat(added.weight()).isZero();
    assertThat(added.isEnabled()).isTrue();
  }

  @Test
  void addedSince_namesOnlyTheNewVersions() {
    Alias before = alias("orders", 100, 0);
    Alias after = AliasChanges.addVersion(before, version("v3", 0));
    assertThat(after.addedSince(before)).extracting(KeyVersion::id).containsExactly("v3");
    assertThat(before.addedSince(before)).isEmpty();
  }

  @Test
  void gainingSince_namesTheVersionsGivenMoreWeightOrShadow() {
    Alias before = alias("orders", 100, 0);
    Alias moved = AliasChanges.setWeights(before, Map.of("v1", 25, "v2", 75));
    assertThat(moved.gainingSince(before)).extracting(KeyVersion::id).containsExactly("v2");
    assertThat(before.gainingSince(moved)).extracting(KeyVersion::id).containsExactly("v1");
    assertThat(before.gainingSince(before)).isEmpty();
    Alias shadowed = AliasChanges.setShadow(before, "v2", 10);
    assertThat(shadowed.gainingSince(before)).extracting(KeyVersion::id).containsExactly("v2");
    Alias added = AliasChanges.addVersion(before, version("v3", 0));
    assertThat(added.gainingSince(before)).as("added without weight: no traffic yet").isEmpty();
  }

  @Test
  void anInvalidAlias_cannotBeBuilt() {
    assertThatThrownBy(() -> alias("orders", 0, 0))
        .isInstanceOf(InvalidRoutingException.class)
        .hasMessage("alias orders: weights are all zero");
  }
}
