package io.mitai.platform.support;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;

/** RestAssured requests as the demo users. */
public final class Api {

  public static final String PASSWORD = "mitai-demo";

  private Api() {}

  public static RequestSpecification as(String user) {
    return given().auth().preemptive().basic(user, PASSWORD);
  }

  public static RequestSpecification alice() {
    return as("alice");
  }

  public static RequestSpecification bob() {
    return as("bob");
  }

  public static RequestSpecification carol() {
    return as("carol");
  }

  public static RequestSpecification auditor() {
    return as("auditor");
  }
}
