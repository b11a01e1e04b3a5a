package io.mitai.platform.support;

import io.quarkus.test.common.QuarkusTestResource;

/** Registers the embedded PostgreSQL for every @QuarkusTest (one Quarkus boot for the suite). */
@QuarkusTestResource(EmbeddedPostgresResource.class)
public final class TestDatabase {
  private TestDatabase() {}
}
