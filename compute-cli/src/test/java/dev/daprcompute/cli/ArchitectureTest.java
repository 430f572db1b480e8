package dev.daprcompute.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The layering of the modules (docs/writing-a-provider.md, docs/architecture.md): the protocol at
 * the bottom, compute-api above it, providers on the SPI only, the function side apart from the
 * component side. The module descriptors enforce much of it at compile time for the modules that
 * have one; these rules hold for every module, the non-modular ones (bridge, CLI, testkit) too. The
 * CLI's test class path holds every module's main classes, hence the rules live here.
 */
@AnalyzeClasses(
    packages = "dev.daprcompute",
    importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.NoTestJars.class})
class ArchitectureTest {

  private static final String[] PROVIDERS = {
    "dev.daprcompute.aws..",
    "dev.daprcompute.azure..",
    "dev.daprcompute.cloudflare..",
    "dev.daprcompute.openfaas.."
  };

  @ArchTest
  static final ArchRule providers_use_the_spi_never_an_internal_package =
      noClasses()
          .that()
          .resideInAnyPackage(PROVIDERS)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("..internal..")
          .because(
              "a provider holds only what is true of its platform and reaches compute-api through "
                  + "dev.daprcompute.api.spi (docs/writing-a-provider.md); an internal package is no contract");

  @ArchTest
  static final ArchRule providers_stay_off_the_runtime_side =
      noClasses()
          .that()
          .resideInAnyPackage(PROVIDERS)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.daprcompute.bridge..",
              "dev.daprcompute.cli..",
              "dev.daprcompute.testkit..",
              "dev.daprcompute.function..",
              "dev.daprcompute.api.resources..")
          .because(
              "a provider is found by ServiceLoader and used by any runtime, not only this project's");

  @ArchTest
  static void providers_are_independent(JavaClasses classes) {
    for (String provider : PROVIDERS) {
      String[] others =
          Arrays.stream(PROVIDERS).filter(p -> !p.equals(provider)).toArray(String[]::new);
      noClasses()
          .that()
          .resideInAPackage(provider)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(others)
          .because("what two providers share belongs in compute-api")
          .check(classes);
    }
  }

  @ArchTest
  static final ArchRule compute_api_depends_on_no_provider =
      noClasses()
          .that()
          .resideInAPackage("dev.daprcompute.api..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(PROVIDERS)
          .orShould()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.daprcompute.bridge..",
              "dev.daprcompute.cli..",
              "dev.daprcompute.testkit..",
              "dev.daprcompute.function..")
          .because("compute-api finds providers through ServiceLoader and knows nothing above it");

  @ArchTest
  static final ArchRule the_protocol_depends_on_neither_side =
      noClasses()
          .that()
          .resideInAPackage("dev.daprcompute.protocol..")
          .should()
          .dependOnClassesThat()
          .resideOutsideOfPackages(
              "dev.daprcompute.protocol..",
              "java..",
              "javax..",
              "com.sun.net.httpserver..",
              "com.fasterxml.jackson..",
              "org.jspecify..",
              "org.bouncycastle..")
          .because(
              "compute-protocol is what both sides share: Jackson and BouncyCastle's provider only");

  @ArchTest
  static final ArchRule the_function_side_stays_lean =
      noClasses()
          .that()
          .resideInAPackage("dev.daprcompute.function..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.daprcompute.api..",
              "okhttp3..",
              "com.nimbusds..",
              "org.slf4j..",
              "io.cloudevents..",
              "org.yaml..",
              "com.fasterxml.jackson.dataformat.yaml..")
          .because(
              "compute-function runs inside a Lambda or a container: compute-protocol, Jackson and "
                  + "BouncyCastle's provider only (issue #9)");

  @ArchTest
  static final ArchRule the_bridge_serves_any_compute =
      noClasses()
          .that()
          .resideInAPackage("dev.daprcompute.bridge..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(PROVIDERS)
          .orShould()
          .dependOnClassesThat()
          .resideInAnyPackage("dev.daprcompute.cli..")
          .because("the bridge serves any Compute a runtime built; the CLI chooses it");

  @ArchTest
  static final ArchRule no_cycles_between_modules =
      slices().matching("dev.daprcompute.(*)..").should().beFreeOfCycles();

  @Test
  void the_rules_see_every_module() {
    JavaClasses classes =
        new ClassFileImporter()
            .withImportOptions(List.of(new ImportOption.DoNotIncludeTests(), new NoTestJars()))
            .importPackages("dev.daprcompute");
    // A rule over classes that were not imported passes empty: prove each layer is there.
    for (String layer :
        List.of(
            "dev.daprcompute.protocol",
            "dev.daprcompute.api",
            "dev.daprcompute.api.spi",
            "dev.daprcompute.function",
            "dev.daprcompute.bridge",
            "dev.daprcompute.cli",
            "dev.daprcompute.testkit",
            "dev.daprcompute.aws.lambda",
            "dev.daprcompute.azure.functions",
            "dev.daprcompute.cloudflare.workers",
            "dev.daprcompute.openfaas")) {
      assertThat(classes.containPackage(layer)).as(layer).isTrue();
    }
  }

  /**
   * Leaves out the test jars other modules publish (their fuzz harness, say): main classes only.
   */
  static final class NoTestJars implements ImportOption {
    @Override
    public boolean includes(Location location) {
      return !location.contains("-tests.jar");
    }
  }
}
