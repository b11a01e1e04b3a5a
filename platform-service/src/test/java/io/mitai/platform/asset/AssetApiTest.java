package io.mitai.platform.asset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.mitai.platform.support.Api;
import io.mitai.platform.support.Csv;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AssetApiTest {

  static final String PROBLEM = "application/problem+json";

  @Nested
  class Upload {
    @Test
    void a_csv_is_registered_with_inferred_types_row_count_commitment_and_ledger_tx() {
      Csv.upload(Api.alice(), "people", Csv.PEOPLE)
          .statusCode(201)
          .body("id", startsWith("asset-"))
          .body("owner", equalTo("org1"))
          .body("name", equalTo("people"))
          .body("rowCount", equalTo(3))
          .body("columns.name", equalTo(List.of("id", "name", "age", "balance", "joined")))
          .body("columns.type", equalTo(List.of("INTEGER", "STRING", "INTEGER", "DECIMAL", "DATE")))
          .body("commitment", matchesPattern("[0-9a-f]{64}"))
          .body("status", equalTo("ACTIVE"))
          .body("ledgerState", equalTo("DONE"))
          .body("ledgerTxId", startsWith("mitai-"));
    }

    @Test
    void the_commitment_depends_on_typed_values_not_on_their_spelling() {
      String a = Csv.upload(Api.alice(), "a", "n,d\n7,1.50\n").extract().path("commitment");
      String b = Csv.upload(Api.alice(), "b", "n,d\n+07,1.5\n").extract().path("commitment");
      String c = Csv.upload(Api.alice(), "c", "n,d\n7,1.51\n").extract().path("commitment");
      assertThat(a).isEqualTo(b).isNotEqualTo(c);
    }

    @Test
    void declared_types_override_inference() {
      Api.alice()
          .multiPart("name", "declared")
          .multiPart("types", "code:STRING")
          .multiPart(
              "file", "d.csv", "code,n\n001,1\n".getBytes(StandardCharsets.UTF_8), "text/csv")
          .post("/api/v1/assets")
          .then()
          .statusCode(201)
          .body("columns.type", equalTo(List.of("STRING", "INTEGER")));
    }

    @Test
    void a_value_of_the_wrong_declared_type_is_a_422_problem_naming_row_and_column() {
      Api.alice()
          .multiPart("name", "wrong")
          .multiPart("types", "n:INTEGER")
          .multiPart("file", "d.csv", "n\n1\nabc\n".getBytes(StandardCharsets.UTF_8), "text/csv")
          .post("/api/v1/assets")
          .then()
          .statusCode(422)
          .contentType(PROBLEM)
          .body("type", equalTo("https://mitai.io/problems/wrong-column-type"))
          .body(
              "detail",
              equalTo("data row 2, column 'n': the value is not of the declared type INTEGER"));
    }

    @Test
    void a_type_declared_for_an_unknown_column_is_a_422_problem() {
      Api.alice()
          .multiPart("name", "unknown")
          .multiPart("types", "missing:INTEGER")
          .multiPart("file", "d.csv", "n\n1\n".getBytes(StandardCharsets.UTF_8), "text/csv")
          .post("/api/v1/assets")
          .then()
          .statusCode(422)
          .body("type", equalTo("https://mitai.io/problems/unknown-column"));
    }

    @Test
    void malformed_csv_is_a_422_problem() {
      Csv.upload(Api.alice(), "bad", "a,b\n1,\"unterminated\n")
          .statusCode(422)
          .contentType(PROBLEM)
          .body("type", equalTo("https://mitai.io/problems/malformed-csv"));
      Csv.upload(Api.alice(), "ragged", "a,b\n1,2\n3\n")
          .statusCode(422)
          .body("type", equalTo("https://mitai.io/problems/malformed-csv"))
          .body("detail", equalTo("line 3 has 1 fields but the header has 2"));
      Csv.upload(Api.alice(), "dup", "a,a\n1,2\n")
          .statusCode(422)
          .body("type", equalTo("https://mitai.io/problems/malformed-csv"));
    }

    @Test
    void an_empty_file_or_a_header_without_rows_is_a_422_problem() {
      Csv.upload(Api.alice(), "empty", "")
          .statusCode(422)
          .body("type", equalTo("https://mitai.io/problems/empty-data"));
      Csv.upload(Api.alice(), "header-only", "a,b\n")
          .statusCode(422)
          .body("type", equalTo("https://mitai.io/problems/empty-data"));
    }

    @Test
    void non_utf8_text_is_a_422_problem() {
      Api.alice()
          .multiPart("name", "latin1")
          .multiPart("file", "d.csv", new byte[] {'a', '\n', (byte) 0xe9, '\n'}, "text/csv")
          .post("/api/v1/assets")
          .then()
          .statusCode(422)
          .body("type", equalTo("https://mitai.io/problems/malformed-csv"));
    }

    @Test
    void a_cell_longer_than_the_limit_is_a_413_problem() {
      String huge = "x".repeat(5000);
      Csv.upload(Api.alice(), "huge-cell", "a\n" + huge + "\n")
          .statusCode(413)
          .contentType(PROBLEM)
          .body("type", equalTo("https://mitai.io/problems/payload-too-large"));
    }

    @Test
    void more_columns_than_the_limit_is_a_413_problem() {
      StringBuilder header = new StringBuilder("c0");
      StringBuilder row = new StringBuilder("0");
      for (int i = 1; i < 300; i++) {
        header.append(",c").append(i);
        row.append(",").append(i);
      }
      Csv.upload(Api.alice(), "wide", header + "\n" + row + "\n")
          .statusCode(413)
          .body("type", equalTo("https://mitai.io/problems/payload-too-large"));
    }

    @Test
    void a_missing_name_or_file_is_a_400_problem() {
      Api.alice()
          .multiPart("file", "d.csv", "a\n1\n".getBytes(StandardCharsets.UTF_8), "text/csv")
          .post("/api/v1/assets")
          .then()
          .statusCode(400)
          .body("type", equalTo("https://mitai.io/problems/invalid-request"));
      Api.alice()
          .multiPart("name", "no file")
          .post("/api/v1/assets")
          .then()
          .statusCode(400)
          .body("type", equalTo("https://mitai.io/problems/invalid-request"));
    }

    @Test
    void the_auditor_cannot_upload() {
      Csv.upload(Api.auditor(), "nope", Csv.PEOPLE)
          .statusCode(403)
          .contentType(PROBLEM)
          .body("type", equalTo("https://mitai.io/problems/forbidden"));
    }
  }

  @Nested
  class Reading {
    @Test
    void the_owner_lists_and_reads_its_asset() {
      String id = Csv.uploaded(Api.bob(), "bob-data", Csv.PEOPLE);
      Api.bob().get("/api/v1/assets").then().statusCode(200).body("id", hasItem(id));
      Api.bob()
          .get("/api/v1/assets/" + id)
          .then()
          .statusCode(200)
          .body("owner", equalTo("org2"))
          .body("rowCount", equalTo(3));
    }

    @Test
    void another_organisations_asset_is_neither_listed_nor_readable() {
      String id = Csv.uploaded(Api.bob(), "bob-private", Csv.PEOPLE);
      Api.carol().get("/api/v1/assets").then().statusCode(200).body("id", not(hasItem(id)));
      Api.carol()
          .get("/api/v1/assets/" + id)
          .then()
          .statusCode(404)
          .contentType(PROBLEM)
          .body("type", equalTo("https://mitai.io/problems/not-found"));
    }
  }

  @Nested
  class Destroy {
    @Test
    void destroying_shreds_the_key_records_it_and_keeps_the_metadata_as_destroyed() {
      String id = Csv.uploaded(Api.carol(), "to-destroy", Csv.PEOPLE);
      Api.carol()
          .delete("/api/v1/assets/" + id)
          .then()
          .statusCode(200)
          .body("status", equalTo("DESTROYED"))
          .body("ledgerState", equalTo("DONE"));
      Api.carol()
          .get("/api/v1/assets/" + id)
          .then()
          .statusCode(200)
          .body("status", equalTo("DESTROYED"));
      Api.carol()
          .delete("/api/v1/assets/" + id)
          .then()
          .statusCode(410)
          .body("type", equalTo("https://mitai.io/problems/asset-destroyed"));
    }

    @Test
    void another_organisation_cannot_destroy_an_asset() {
      String id = Csv.uploaded(Api.carol(), "carol-keeps", Csv.PEOPLE);
      Api.alice()
          .delete("/api/v1/assets/" + id)
          .then()
          .statusCode(404)
          .body("type", equalTo("https://mitai.io/problems/not-found"));
      Api.carol().get("/api/v1/assets/" + id).then().body("status", equalTo("ACTIVE"));
    }
  }
}
