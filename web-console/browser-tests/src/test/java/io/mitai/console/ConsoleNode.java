package io.mitai.console;

import io.mitai.testsupport.NodeProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The packaged node as the console's journeys run it: the shared launcher, on a free port with a
 * fresh data directory (its own embedded PostgreSQL), deleted on close; its log in {@code
 * target/node-<port>.log}.
 */
final class ConsoleNode {

  private ConsoleNode() {}

  /** Starts the node ({@code -Dmitai.node.jar} or the one platform-service packaged). */
  static NodeProcess start() throws IOException, InterruptedException {
    int port = NodeProcess.freePort();
    return NodeProcess.builder(NodeProcess.packagedJar(Path.of("..", "..", "platform-service")))
        .port(port)
        .tempDataDirPrefix("mitai-console-it-")
        .log(Path.of("target", "node-" + port + ".log"))
        // bcrypt at the lowest cost: the journeys sign in many times, the cost is not under test.
        .settings(List.of("-Dmitai.security.bcrypt-cost=4"))
        .start();
  }
}
