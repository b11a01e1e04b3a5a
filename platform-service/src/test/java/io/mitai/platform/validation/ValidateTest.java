package io.mitai.platform.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mitai.platform.problem.ProblemException;
import io.mitai.platform.problem.ProblemType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValidateTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "asset-0b6f7f53-1c8e-4d7e-9d0a-5d4f1a9b2c3d",
        "org1",
        "mitai-12:7",
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
      })
  void ids_of_every_resource_match_the_one_pattern(String id) {
    assertThat(Validate.isId(id)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "\u0000", "a\u0000", "-a", ".", "a/b", "a b", "a%00", "ä", "a\u202e"})
  void odd_ids_are_not_ids(String id) {
    assertThat(Validate.isId(id)).isFalse();
    assertThatThrownBy(() -> Validate.id("assetId", id))
        .isInstanceOf(ProblemException.class)
        .extracting(e -> ((ProblemException) e).type())
        .isEqualTo(ProblemType.INVALID_REQUEST.uri());
  }

  @Test
  void an_overlong_id_is_not_an_id_and_a_path_id_is_a_404() {
    assertThat(Validate.isId("a".repeat(128))).isTrue();
    assertThat(Validate.isId("a".repeat(129))).isFalse();
    assertThatThrownBy(() -> Validate.pathId("asset", "a".repeat(129)))
        .isInstanceOf(ProblemException.class)
        .extracting(e -> ((ProblemException) e).status())
        .isEqualTo(404);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "invoice\u202Etxt.exe", // right-to-left override
        "a\u2066b", // left-to-right isolate
        "zero\u200Bwidth",
        "bom\uFEFF",
        "nul\u0000",
        "bell\u0007",
        "line\u2028sep",
        "new\nline",
        "private\uE000use",
        "lone\uD800surrogate"
      })
  void names_with_control_or_format_characters_are_refused(String name) {
    assertThatThrownBy(() -> Validate.name("name", name))
        .isInstanceOf(ProblemException.class)
        .hasMessageContaining("`name`");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Customers 2024", "Données clients", "顧客", "emoji 😀", "a-b_c.d"})
  void ordinary_names_pass(String name) {
    assertThat(Validate.name("name", name)).isEqualTo(name);
  }

  @Test
  void free_text_allows_line_breaks_and_tabs_but_not_bidi_controls() {
    assertThat(Validate.text("purpose", "line one\r\nline two\tend", 1024)).isNotNull();
    assertThatThrownBy(() -> Validate.text("purpose", "fraud \u202Edetection", 1024))
        .isInstanceOf(ProblemException.class);
    assertThatThrownBy(() -> Validate.text("purpose", "x".repeat(1025), 1024))
        .isInstanceOf(ProblemException.class);
    assertThat(Validate.optionalText("reason", null, 1024)).isNull();
  }
}
