package io.mitai.platform.it;

import io.mitai.testsupport.NodeProcess;
import java.nio.file.Path;

/** The node this module packages, run by the shared launcher with the system tests' heap. */
final class PackagedNode {

  private PackagedNode() {}

  /** A launcher for {@code target/quarkus-app/quarkus-run.jar} (or {@code -Dmitai.node.jar}). */
  static NodeProcess.Builder launcher() {
    return NodeProcess.builder(NodeProcess.packagedJar(Path.of(""))).heap("768m");
  }
}
