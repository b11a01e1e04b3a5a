package io.mitai.platform.demo;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The sandbox as a newcomer starts it: demo users and demo data on (the test profile has it off).
 */
public class DemoDataProfile implements QuarkusTestProfile {

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of("mitai.demo.data", "true");
  }
}
