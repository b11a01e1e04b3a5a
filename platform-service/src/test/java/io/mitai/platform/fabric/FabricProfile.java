package io.mitai.platform.fabric;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/** The node in fabric mode (mitai.ledger=fabric) against {@link InProcessFabricPeer}. */
public class FabricProfile implements QuarkusTestProfile {

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of("mitai.ledger", "fabric");
  }

  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(InProcessFabricPeer.class));
  }
}
