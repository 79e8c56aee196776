package dev.keyshift.routing;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleName;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The domain is pure Java: no Vert.x, no backend, no I/O. */
class PurityTest {
  static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.keyshift.routing");
  }

  @Test
  void routing_importsNoFrameworkAndNoBackend() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.vertx..",
            "com.azure..",
            "io.netty..",
            "reactor..",
            "io.micrometer..",
            "dev.keyshift.gateway..",
            "dev.keyshift.metrics..")
        .check(classes);
  }

  /** Jackson's deserializer signatures name IOException; nothing else of java.io is used. */
  @Test
  void routing_doesNoIo() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.nio.file..", "java.net..", "java.nio.channels..")
        .orShould()
        .dependOnClassesThat(resideInAPackage("java.io").and(not(simpleName("IOException"))))
        .check(classes);
  }
}
