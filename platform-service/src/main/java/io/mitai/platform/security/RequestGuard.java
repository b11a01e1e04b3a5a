package io.mitai.platform.security;

import io.mitai.platform.problem.ProblemException;
import io.mitai.platform.problem.ProblemType;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Runs before any resource is matched, for every REST request:
 *
 * <ol>
 *   <li>cross-site request forgery: a write ({@code POST}, {@code PUT}, {@code PATCH}, {@code
 *       DELETE}) that carries the console's session cookie needs {@code X-Requested-With} and must
 *       not come from another origin ({@link SameOrigin}); the sign-in form must not be posted from
 *       another origin either. Refused: 403 {@code cross-site-request}, nothing done.
 *   <li>authentication first: an {@code /api} call other than sign-out must be authenticated before
 *       its media type, method or path are looked at, so an anonymous caller gets 401, never 415 or
 *       405.
 * </ol>
 */
public class RequestGuard {

  static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");
  static final Set<String> PUBLIC_API = Set.of("/api/v1/logout");
  static final String LOGIN = "/j_security_check";

  @Inject CurrentIdentityAssociation identity;

  @ServerRequestFilter(preMatching = true)
  public Uni<Response> guard(ContainerRequestContext context, HttpServerRequest request) {
    String path = context.getUriInfo().getPath();
    boolean write = !SAFE.contains(context.getMethod());
    if (write) {
      Optional<String> refused = Optional.empty();
      String scheme = request.scheme();
      String host = request.headers().get("Host");
      String origin = request.getHeader("Origin");
      String fetchSite = request.getHeader("Sec-Fetch-Site");
      if (LOGIN.equals(path)) {
        refused = SameOrigin.refuseCrossSite(origin, fetchSite, scheme, host);
      } else if (SessionCookie.of(request) != null) {
        refused =
            SameOrigin.refuseWrite(
                request.getHeader(SameOrigin.REQUESTED_WITH), origin, fetchSite, scheme, host);
      }
      if (refused.isPresent()) {
        return Uni.createFrom()
            .failure(new ProblemException(ProblemType.CROSS_SITE_REQUEST, refused.get()));
      }
    }
    if (path.startsWith("/api/") && !PUBLIC_API.contains(path)) {
      return identity
          .getDeferredIdentity()
          .onItem()
          .transformToUni(
              id ->
                  id.isAnonymous()
                      ? Uni.createFrom().<Response>failure(new UnauthorizedException())
                      : Uni.createFrom().<Response>nullItem());
    }
    return Uni.createFrom().nullItem();
  }
}
