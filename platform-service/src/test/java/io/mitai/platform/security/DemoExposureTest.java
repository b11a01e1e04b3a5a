package io.mitai.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Demo users only on a loopback bind (issue #12, finding 6). */
class DemoExposureTest {

  @Test
  void demo_users_on_a_loopback_bind_may_start() {
    assertThat(DemoExposure.refusal(true, "127.0.0.1")).isEmpty();
    assertThat(DemoExposure.refusal(true, "127.0.0.2")).isEmpty();
    assertThat(DemoExposure.refusal(true, "::1")).isEmpty();
    assertThat(DemoExposure.refusal(true, "[::1]")).isEmpty();
    assertThat(DemoExposure.refusal(true, "localhost")).isEmpty();
  }

  @Test
  void demo_users_on_any_other_bind_refuse_to_start() {
    assertThat(DemoExposure.refusal(true, "0.0.0.0")).get().asString().contains("0.0.0.0");
    assertThat(DemoExposure.refusal(true, "::")).isPresent();
    assertThat(DemoExposure.refusal(true, "192.0.2.10")).isPresent();
    assertThat(DemoExposure.refusal(true, "")).isPresent();
    assertThat(DemoExposure.refusal(true, "no-such-host.invalid")).isPresent();
  }

  @Test
  void without_demo_users_any_bind_may_start() {
    assertThat(DemoExposure.refusal(false, "0.0.0.0")).isEmpty();
  }

  @Test
  void the_shipped_configuration_is_a_loopback_sandbox_that_starts() throws IOException {
    Properties shipped = new Properties();
    try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
      shipped.load(in);
    }
    String host = shipped.getProperty("quarkus.http.host");
    boolean demo = Boolean.parseBoolean(shipped.getProperty("mitai.demo.enabled"));
    assertThat(host).isEqualTo("127.0.0.1");
    assertThat(demo).isTrue();
    assertThat(DemoExposure.refusal(demo, host)).isEmpty();
    // The documented way to expose the node: drop the demo users.
    assertThat(DemoExposure.refusal(false, "0.0.0.0")).isEmpty();
  }
}
