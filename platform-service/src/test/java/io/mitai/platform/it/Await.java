package io.mitai.platform.it;

import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waiting, in the multi-node tests, for what other processes do in their own time. */
final class Await {

  private Await() {}

  /** A condition that may read other nodes (and fail while they are busy). */
  interface Check {
    boolean holds() throws Exception;
  }

  /** Polls {@code check} every 250 ms for up to {@code seconds}; fails naming {@code what}. */
  static void until(String what, int seconds, Check check) throws Exception {
    for (int i = 0; i < seconds * 4; i++) {
      if (check.holds()) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("timed out waiting until " + what);
  }

  /**
   * The task's status once it ended (SUCCEEDED, FAILED or REJECTED) as the requester's node shows
   * it, or the last status seen after {@code seconds}.
   */
  static String end(Supplier<RequestSpecification> requester, String task, int seconds)
      throws InterruptedException {
    Predicate<String> ended = s -> List.of("SUCCEEDED", "FAILED", "REJECTED").contains(s);
    String status = "";
    for (int i = 0; i < seconds * 4 && !ended.test(status); i++) {
      Thread.sleep(250);
      status = requester.get().get("/api/v1/tasks/" + task).then().extract().path("status");
    }
    return status;
  }
}
