package io.mitai.platform;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The node's packages form layers, and every dependency points down: a class may use its own
 * package and the packages listed before it, never one after it. A new arrow back up (or a new
 * package left out of {@link #LAYERS}) fails the build.
 */
class PackageLayeringTest {

  private static final String ROOT = "io.mitai.platform";

  /**
   * Lowest first. Why this order:
   *
   * <ul>
   *   <li>{@code problem}: the RFC 9457 error types every edge throws; uses nothing.
   *   <li>{@code validation}: edge checks of ids and JSON, which fail as problems.
   *   <li>{@code boot}: how the process runs (embedded PostgreSQL, secret files, the deployment
   *       mode), needed before any of the node's beans exist.
   *   <li>{@code security}: actors, sessions and roles; the REST resources above check them.
   *   <li>{@code keys}: the hosted organisations, their keys and ledger identities; the ledger
   *       opens with them, so they sit below it.
   *   <li>{@code ledger}: the ledger port and its projection, which everything above writes to or
   *       reads from; it tells the packages above about events through CDI events.
   *   <li>{@code outbox}: durable ledger writes, on top of the ledger.
   *   <li>{@code asset}, {@code grant}: data assets and the rights on them, written through the
   *       outbox.
   *   <li>{@code task}: tasks and their jobs over assets and grants; it owns the job-runner
   *       interfaces that {@code tee} implements.
   *   <li>{@code tee}: the enclave path, one way of running a task.
   *   <li>{@code provenance}, {@code org}, {@code demo}: read models, the organisation registry's
   *       start-up registration (which needs the party network of {@code task}) and the demo data,
   *       which use everything below and are used by nothing.
   * </ul>
   */
  static final List<String> LAYERS =
      List.of(
          "problem",
          "validation",
          "boot",
          "security",
          "keys",
          "ledger",
          "outbox",
          "asset",
          "grant",
          "task",
          "tee",
          "provenance",
          "org",
          "demo");

  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages(ROOT);

  @Test
  void everyDependencyBetweenPackagesPointsDown() {
    LayeredArchitecture layers = layeredArchitecture().consideringOnlyDependenciesInLayers();
    for (String layer : LAYERS) {
      layers = layers.layer(layer).definedBy(ROOT + "." + layer + "..");
    }
    for (int i = 0; i < LAYERS.size() - 1; i++) {
      layers =
          layers
              .whereLayer(LAYERS.get(i))
              .mayOnlyBeAccessedByLayers(
                  LAYERS.subList(i + 1, LAYERS.size()).toArray(String[]::new));
    }
    layers = layers.whereLayer(LAYERS.get(LAYERS.size() - 1)).mayNotBeAccessedByAnyLayer();
    layers.check(MAIN);
  }

  @Test
  void noCyclesBetweenPackages() {
    slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(MAIN);
  }

  @Test
  void everyPackageHasALayer() {
    Set<String> packages = new TreeSet<>();
    for (JavaClass type : MAIN) {
      String name = type.getPackageName();
      if (name.startsWith(ROOT + ".")) {
        packages.add(name.substring(ROOT.length() + 1).split("\\.")[0]);
      }
    }
    assertThat(packages).isNotEmpty().containsExactlyInAnyOrderElementsOf(LAYERS);
  }
}
