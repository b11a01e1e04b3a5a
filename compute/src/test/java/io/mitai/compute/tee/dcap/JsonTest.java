package io.mitai.compute.tee.dcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mitai.compute.tee.dcap.Json.Obj;
import io.mitai.compute.tee.dcap.Json.Str;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonTest {
  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void a_member_s_raw_bytes_are_exactly_its_source_text() throws Exception {
    byte[] src = utf8("{\"tcbInfo\": {\"a\" : [1, 2.5e3, true, null]}, \"signature\":\"ab\"}");
    Obj o = (Obj) Json.parse(src);
    assertThat(new String(Json.raw(src, o.get("tcbInfo").orElseThrow()), StandardCharsets.UTF_8))
        .isEqualTo("{\"a\" : [1, 2.5e3, true, null]}");
  }

  @Test
  void decodes_escapes_and_utf8() throws Exception {
    Obj o = (Obj) Json.parse(utf8("{\"k\":\"a\\n\\u00e9\\\"é\"}"));
    assertThat(((Str) o.get("k").orElseThrow()).value()).isEqualTo("a\né\"é");
  }

  @Test
  void refuses_duplicate_keys_so_no_two_readers_disagree() {
    assertThatThrownBy(() -> Json.parse(utf8("{\"a\":1,\"a\":2}")))
        .isInstanceOf(Json.JsonException.class)
        .hasMessageContaining("duplicate");
  }

  @Test
  void refuses_trailing_text_leading_zeros_and_bare_words() {
    for (String bad : new String[] {"{} x", "{\"a\":01}", "{\"a\":tru}", "{\"a\":1,}", "[1 2]"}) {
      assertThatThrownBy(() -> Json.parse(utf8(bad))).isInstanceOf(Json.JsonException.class);
    }
  }

  @Test
  void refuses_excessive_nesting() {
    assertThatThrownBy(() -> Json.parse(utf8("[".repeat(100) + "]".repeat(100))))
        .isInstanceOf(Json.JsonException.class);
  }
}
