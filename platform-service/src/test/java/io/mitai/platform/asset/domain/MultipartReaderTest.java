package io.mitai.platform.asset.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MultipartReaderTest {

  static Map<String, String> parse(String body, String boundary) throws IOException {
    MultipartReader reader =
        new MultipartReader(
            new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)),
            "multipart/form-data; boundary=" + boundary);
    Map<String, String> parts = new LinkedHashMap<>();
    for (Optional<MultipartReader.Part> p = reader.next(); p.isPresent(); p = reader.next()) {
      parts.put(
          p.get().name(), new String(p.get().content().readAllBytes(), StandardCharsets.UTF_8));
    }
    return parts;
  }

  @Test
  void reads_fields_and_files_in_order() throws IOException {
    String body =
        "preamble\r\n--XyZ\r\n"
            + "Content-Disposition: form-data; name=\"name\"\r\n\r\n"
            + "people\r\n--XyZ\r\n"
            + "Content-Disposition: form-data; name=\"file\"; filename=\"p.csv\"\r\n"
            + "Content-Type: text/csv\r\n\r\n"
            + "a,b\r\n1,2\r\n\r\n--XyZ--\r\n";
    assertThat(parse(body, "XyZ"))
        .containsExactly(Map.entry("name", "people"), Map.entry("file", "a,b\r\n1,2\r\n"));
  }

  @Test
  void content_resembling_the_boundary_is_kept() throws IOException {
    String content = "x\r\n--Xy\r\r\n--X\r\n-";
    String body =
        "--XyZ\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\n" + content + "\r\n--XyZ--";
    assertThat(parse(body, "XyZ")).containsExactly(Map.entry("f", content));
  }

  @Test
  void a_body_without_closing_boundary_is_malformed() {
    String body = "--XyZ\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nabc";
    assertThatThrownBy(() -> parse(body, "XyZ"))
        .isInstanceOf(MultipartReader.MalformedException.class);
  }

  @Test
  void a_content_type_without_boundary_is_malformed() {
    assertThatThrownBy(
            () -> new MultipartReader(new ByteArrayInputStream(new byte[0]), "multipart/form-data"))
        .isInstanceOf(MultipartReader.MalformedException.class);
  }
}
