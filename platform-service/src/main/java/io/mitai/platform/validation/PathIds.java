package io.mitai.platform.validation;

import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Checks every path parameter of every resource against {@link Validate#ID} once the request is
 * matched, before the resource method runs: an id that cannot exist (a NUL byte, an overlong or
 * oddly spelled id) is a 404 problem and never reaches the database or the ledger. Resources added
 * later are covered without doing anything.
 */
public class PathIds {

  @ServerRequestFilter
  public void check(UriInfo uri) {
    for (Map.Entry<String, List<String>> parameter : uri.getPathParameters().entrySet()) {
      for (String value : parameter.getValue()) {
        Validate.pathId("the requested " + parameter.getKey(), value);
      }
    }
  }
}
