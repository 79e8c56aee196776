package dev.keyshift.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import dev.keyshift.gateway.backend.BackendProvider;
import dev.keyshift.gateway.backend.providers.BackendProviders;
import dev.keyshift.gateway.config.ConfigLoader;
import dev.keyshift.gateway.config.ConfigWithUpwardImportForTesting;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The gateway's packages form a ladder: each rung imports only the rungs below it, and no two
 * packages import each other. (The domain's own purity is tested in the routing module.)
 */
class ArchitectureTest {
  /** Bottom to top; packages on one rung are peers and may not import each other either. */
  static final List<String[]> LADDER =
      List.of(
          new String[] {"dev.keyshift.routing..", "dev.keyshift.metrics.."},
          new String[] {"dev.keyshift.gateway.failure..", "dev.keyshift.gateway.async.."},
          new String[] {"dev.keyshift.gateway.config.."},
          new String[] {"dev.keyshift.gateway.backend"},
          new String[] {
            "dev.keyshift.gateway.backend.local..",
            "dev.keyshift.gateway.backend.pkcs11..",
            "dev.keyshift.gateway.backend.azure..",
            "dev.keyshift.gateway.backend.guard.."
          },
          new String[] {"dev.keyshift.gateway.backend.providers.."},
          new String[] {"dev.keyshift.gateway.usage.."},
          new String[] {
            "dev.keyshift.gateway.auth..",
            "dev.keyshift.gateway.keys..",
            "dev.keyshift.gateway.store.."
          },
          new String[] {"dev.keyshift.gateway.plan.."},
          new String[] {"dev.keyshift.gateway.http.."},
          new String[] {
            "dev.keyshift.gateway.api..",
            "dev.keyshift.gateway.azure..",
            "dev.keyshift.gateway.admin..",
            "dev.keyshift.gateway.kms.."
          },
          new String[] {"dev.keyshift.gateway", "dev.keyshift.gateway.cli.."});

  static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.keyshift");
  }

  @Test
  void packages_areFreeOfCycles() {
    slices().matching("dev.keyshift.(**)").should().beFreeOfCycles().check(classes);
  }

  @Test
  void eachRung_importsOnlyTheRungsBelowIt() {
    ladder().check(classes);
  }

  @Test
  void metrics_knowsNothingOfTheGatewayOrTheDomain() {
    noClasses()
        .that()
        .resideInAPackage("dev.keyshift.metrics..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.keyshift.gateway..", "dev.keyshift.routing..", "io.vertx..")
        .check(classes);
  }

  @Test
  void providerPeers_donotImportEachOther() {
    String[] peers = LADDER.get(4);
    for (String one : peers) {
      noClasses()
          .that()
          .resideInAPackage(one)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(others(peers, one))
          .check(classes);
    }
  }

  /** The rules can fail: one import from config up to the backend SPI breaks them. */
  @Test
  void anUpwardImport_fromConfigToBackend_failsTheRules() {
    JavaClasses mutated =
        new ClassFileImporter()
            .importClasses(ConfigWithUpwardImportForTesting.class, ConfigLoader.class);
    assertThat(ladder().evaluate(mutated).hasViolation()).isTrue();
    JavaClasses withBackend =
        new ClassFileImporter()
            .importPackages("dev.keyshift.gateway.config", "dev.keyshift.gateway.backend");
    assertThat(
            slices()
                .matching("dev.keyshift.(**)")
                .should()
                .beFreeOfCycles()
                .evaluate(withBackend)
                .hasViolation())
        .as("config (with the test class) -> backend -> config is a cycle")
        .isTrue();
  }

  /** Each backend type is named by its own package and the provider list, nowhere else. */
  @ParameterizedTest
  @MethodSource("providers")
  void aBackendType_isNamedOnlyByItsPackageAndTheProviderList(BackendProvider<?> provider) {
    String own = provider.getClass().getPackageName() + "..";
    noClasses()
        .that()
        .resideOutsideOfPackages(own, "dev.keyshift.gateway.backend.providers..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(own)
        .check(classes);
    assertThat(BackendProviders.types().byName().keySet()).containsAll(provider.typeNames());
  }

  static List<BackendProvider<?>> providers() {
    return BackendProviders.ALL;
  }

  static ArchRule ladder() {
    List<ArchRule> rules = new ArrayList<>();
    for (int rung = 0; rung < LADDER.size() - 1; rung++) {
      rules.add(
          noClasses()
              .that()
              .resideInAnyPackage(LADDER.get(rung))
              .should()
              .dependOnClassesThat()
              .resideInAnyPackage(above(rung))
              .allowEmptyShould(true));
    }
    CompositeArchRule all = CompositeArchRule.of(rules.get(0));
    for (ArchRule rule : rules.subList(1, rules.size())) {
      all = all.and(rule);
    }
    return all;
  }

  private static String[] above(int rung) {
    List<String> packages = new ArrayList<>();
    LADDER.subList(rung + 1, LADDER.size()).forEach(r -> packages.addAll(Arrays.asList(r)));
    return packages.toArray(String[]::new);
  }

  private static String[] others(String[] peers, String one) {
    return Arrays.stream(peers).filter(p -> !p.equals(one)).toArray(String[]::new);
  }
}
