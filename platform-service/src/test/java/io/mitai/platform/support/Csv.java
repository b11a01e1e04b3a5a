package io.mitai.platform.support;

import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;

/** Uploads CSV data sets through the API. */
public final class Csv {

  public static final String PEOPLE =
      "id,name,age,balance,joined\n"
          + "1,Ada,36,1200.50,2020-01-15\n"
          + "2,Grace,45,-20.5,2019-11-30\n"
          + "3,Linus,,0.00,2021-06-01\n";

  private Csv() {}

  public static ValidatableResponse upload(RequestSpecification as, String name, String csv) {
    return as.multiPart("name", name)
        .multiPart("file", "data.csv", csv.getBytes(StandardCharsets.UTF_8), "text/csv")
        .post("/api/v1/assets")
        .then();
  }

  /** Uploads and returns the new asset's id (expects 201). */
  public static String uploaded(RequestSpecification as, String name, String csv) {
    return upload(as, name, csv).statusCode(201).extract().path("id");
  }
}
