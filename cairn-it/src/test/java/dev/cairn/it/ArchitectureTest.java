package dev.cairn.it;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module rules of DESIGN.md and STYLE.md, checked on the compiled classes of every module. The
 * Maven module graph already forbids most wrong arrows; these rules cover what it cannot see.
 */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.cairn");
  }

  @Test
  void pipelineDependsOnNoOtherModule() {
    noClasses()
        .that()
        .resideInAPackage("dev.cairn.pipeline..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.cairn.core..",
            "dev.cairn.protocol..",
            "dev.cairn.store..",
            "dev.cairn.server..",
            "dev.cairn.agent..",
            "dev.cairn.cli..",
            "java.sql..",
            "java.net.http..",
            "com.fasterxml.jackson..",
            "org.slf4j..")
        .check(classes);
  }

  @Test
  void protocolIsOnlyWireShapes() {
    noClasses()
        .that()
        .resideInAPackage("dev.cairn.protocol..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.cairn.pipeline..",
            "dev.cairn.core..",
            "dev.cairn.store..",
            "dev.cairn.server..",
            "dev.cairn.agent..",
            "dev.cairn.cli..",
            "java.net..",
            "java.sql..",
            "io.helidon..")
        .check(classes);
  }

  @Test
  void coreTouchesNeitherHttpNorJdbcNorJson() {
    noClasses()
        .that()
        .resideInAPackage("dev.cairn.core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.cairn.protocol..",
            "dev.cairn.store..",
            "dev.cairn.server..",
            "dev.cairn.agent..",
            "dev.cairn.cli..",
            "java.sql..",
            "javax.sql..",
            "java.net.http..",
            "io.helidon..",
            "com.fasterxml.jackson..",
            "org.jdbi..",
            "com.zaxxer..")
        .check(classes);
  }

  @Test
  void deciderDoesNoIo() {
    noClasses()
        .that()
        .resideInAPackage("dev.cairn.core.decide..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.cairn.core.port..",
            "java.io..",
            // Charsets are pure; files and channels are I/O.
            "java.nio.file..",
            "java.nio.channels..",
            "java.net..",
            "java.util.concurrent..")
        .check(classes);
  }

  @Test
  void storeAddsNoHttpAndKnowsNoCaller() {
    noClasses()
        .that()
        .resideInAPackage("dev.cairn.store..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.cairn.server..",
            "dev.cairn.agent..",
            "dev.cairn.cli..",
            "dev.cairn.protocol..",
            "io.helidon..",
            "java.net.http..")
        .check(classes);
  }

  @Test
  void onlyTheServerWiringTouchesTheStore() {
    noClasses()
        .that()
        .resideInAPackage("dev.cairn.server..")
        .and()
        .resideOutsideOfPackage("dev.cairn.server.wiring..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.cairn.store..", "java.sql..", "org.jdbi..")
        .check(classes);
  }

  @Test
  void serverKnowsNoAgentAndNoCli() {
    noClasses()
        .that()
        .resideInAPackage("dev.cairn.server..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.cairn.agent..", "dev.cairn.cli..")
        .check(classes);
  }

  @Test
  void agentSpeaksOnlyTheWireProtocol() {
    noClasses()
        .that()
        .resideInAPackage("dev.cairn.agent..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.cairn.core..",
            "dev.cairn.store..",
            "dev.cairn.server..",
            "dev.cairn.cli..",
            "java.sql..",
            "io.helidon..",
            "org.jdbi..")
        .check(classes);
  }

  @Test
  void nothingDependsOnTheCli() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.cairn.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.cairn.cli..")
        .check(classes);
  }

  @Test
  void internalPackagesStayInsideTheirModule() {
    for (String module :
        new String[] {"pipeline", "protocol", "core", "store", "server", "agent"}) {
      classes()
          .that()
          .resideInAPackage("dev.cairn." + module + "..internal..")
          .should()
          .onlyBeAccessed()
          .byAnyPackage("dev.cairn." + module + "..")
          .allowEmptyShould(true)
          .check(classes);
    }
  }

  @Test
  void modulesHaveNoCycles() {
    slices().matching("dev.cairn.(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  void corePackagesHaveNoCycles() {
    slices().matching("dev.cairn.core.(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  void serverPackagesHaveNoCycles() {
    slices().matching("dev.cairn.server.(*)..").should().beFreeOfCycles().check(classes);
  }
}
