package io.mitai.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SameOriginTest {

  static final String XHR = "XMLHttpRequest";

  @Test
  void the_consoles_own_write_passes() {
    assertThat(
            SameOrigin.refuseWrite(
                XHR, "http://127.0.0.1:8080", "same-origin", "http", "127.0.0.1:8080"))
        .isEmpty();
    assertThat(SameOrigin.refuseWrite(XHR, "https://node.example", null, "https", "node.example"))
        .isEmpty();
    assertThat(SameOrigin.refuseWrite(XHR, "http://node.example:80", null, "http", "node.example"))
        .isEmpty();
    // What a browser sends for the console's own write under Referrer-Policy: no-referrer.
    assertThat(SameOrigin.refuseWrite(XHR, "null", "same-origin", "http", "127.0.0.1:8080"))
        .isEmpty();
    // Neither header (not a browser): the custom header is the check.
    assertThat(SameOrigin.refuseWrite(XHR, null, null, "http", "127.0.0.1:8080")).isEmpty();
  }

  @Test
  void a_missing_header_or_another_origin_is_refused() {
    assertThat(SameOrigin.refuseWrite(null, null, null, "http", "127.0.0.1:8080")).isPresent();
    assertThat(SameOrigin.refuseWrite(XHR, "http://127.0.0.1:9999", null, "http", "127.0.0.1:8080"))
        .isPresent();
    assertThat(
            SameOrigin.refuseWrite(XHR, "https://127.0.0.1:8080", null, "http", "127.0.0.1:8080"))
        .isPresent();
    assertThat(SameOrigin.refuseWrite(XHR, "http://localhost:8080", null, "http", "127.0.0.1:8080"))
        .isPresent();
    assertThat(SameOrigin.refuseWrite(XHR, "null", "cross-site", "http", "127.0.0.1:8080"))
        .isPresent();
    // Sec-Fetch-Site decides over Origin.
    assertThat(
            SameOrigin.refuseWrite(
                XHR, "http://127.0.0.1:8080", "same-site", "http", "127.0.0.1:8080"))
        .isPresent();
    assertThat(SameOrigin.refuseWrite(XHR, null, "same-site", "http", "127.0.0.1:8080"))
        .isPresent();
    assertThat(SameOrigin.refuseWrite(XHR, null, "cross-site", "http", "127.0.0.1:8080"))
        .isPresent();
    assertThat(SameOrigin.refuseWrite(XHR, "http://127.0.0.1:8080", null, "http", null))
        .isPresent();
  }
}
