package dev.keyshift.bench;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.keyshift.gateway.http.Json;
import org.junit.jupiter.api.Test;

/**
 * The benchmarks measure the gateway as users get it: through its public entry points (the gateway,
 * its configuration, the backend SPI and provider list, the embedded default, the token check, the
 * codec every request and answer body goes through), never a backend's or a surface's internals.
 */
class EntryPointsTest {
  @Test
  void bench_usesOnlyTheGatewaysEntryPoints() {
    JavaClasses bench =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.keyshift.bench");
    noClasses()
        .should()
        .dependOnClassesThat(
            resideInAnyPackage(
                    "dev.keyshift.gateway.api..",
                    "dev.keyshift.gateway.azure..",
                    "dev.keyshift.gateway.admin..",
                    "dev.keyshift.gateway.store..",
                    "dev.keyshift.gateway.keys..",
                    "dev.keyshift.gateway.http..",
                    "dev.keyshift.gateway.backend.guard..")
                .and(not(equivalentTo(Json.class))))
        .orShould()
        .dependOnClassesThat(
            resideInAnyPackage(
                    "dev.keyshift.gateway.backend.local..",
                    "dev.keyshift.gateway.backend.pkcs11..",
                    "dev.keyshift.gateway.backend.azure..")
                .and(not(simpleNameEndingWith("Config"))))
        .check(bench);
  }
}
