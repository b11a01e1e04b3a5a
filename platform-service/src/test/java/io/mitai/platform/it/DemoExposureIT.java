package io.mitai.platform.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.mitai.testsupport.NodeProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged node refuses to start with its demo users on a non-loopback bind, and says why
 * (issue #12, finding 6).
 */
class DemoExposureIT {

  @TempDir Path dir;

  @Test
  void demo_users_on_all_interfaces_refuse_to_start_with_a_loud_log_line() throws Exception {
    NodeProcess node =
        PackagedNode.launcher()
            .dataDir(dir.resolve("data"))
            .settings(List.of("-Dquarkus.http.host=0.0.0.0"))
            .build();
    try {
      Throwable failure = catchThrowable(node::start);
      assertThat(failure).hasMessageContaining("the node exited with");
      assertThat(Files.readString(node.log()))
          .contains("ERROR")
          .contains("refusing to start: the demo users")
          .contains("quarkus.http.host=0.0.0.0");
    } finally {
      node.stop();
    }
  }
}
