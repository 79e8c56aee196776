package dev.keyshift.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The module boundaries of DESIGN.md "Layout". */
class ArchitectureTest {
  static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.keyshift");
  }

  @Test
  void routing_isPureDomain() {
    noClasses()
        .that()
        .resideInAPackage("dev.keyshift.routing..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.vertx..",
            "com.azure..",
            "io.netty..",
            "reactor..",
            "dev.keyshift.gateway..",
            "dev.keyshift.metrics..",
            "io.micrometer..")
        .check(classes);
  }

  @Test
  void routing_doesNoIo() {
    noClasses()
        .that()
        .resideInAPackage("dev.keyshift.routing..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.nio.file..", "java.net..", "java.io..")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.io.File")
        .check(classes);
  }

  @Test
  void metrics_knowsNothingOfTheGatewayOrVertx() {
    noClasses()
        .that()
        .resideInAPackage("dev.keyshift.metrics..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.keyshift.gateway..", "dev.keyshift.routing..", "io.vertx..")
        .check(classes);
  }

  @Test
  void onlyTheBackendFactory_knowsConcreteBackends() {
    noClasses()
        .that()
        .resideOutsideOfPackages("dev.keyshift.gateway.backend..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.keyshift.gateway.backend.local..")
        .check(classes);
  }
}
