package io.mitai.platform.grant.api;

import io.mitai.platform.grant.GrantService;
import io.mitai.platform.outbox.LedgerWrite;
import io.mitai.platform.security.CurrentActor;
import io.mitai.platform.security.Roles;
import io.mitai.platform.validation.Validate;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Grants of data-use rights: issue, revoke, list. */
@Path("/api/v1/grants")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.MEMBER)
@Tag(name = "Grants")
public class GrantResource {

  @Inject GrantService grants;
  @Inject CurrentActor actor;

  /** A pending ledger write: the id it will have and the transaction that carries it. */
  public record Pending(String id, String status, String ledgerTxId, String ledgerState) {}

  /** Why a grant is revoked. */
  public record RevokeRequest(String reason) {}

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Issue a grant on one of the caller's assets (201, or 202 while pending)")
  public Response issue(GrantRequest request) {
    String org = actor.get().org();
    GrantService.Issued issued = grants.issue(org, request);
    if (!issued.write().isDone()) {
      return Response.status(202)
          .entity(new Pending(issued.grantId(), "PENDING", issued.write().txId(), "PENDING"))
          .build();
    }
    return Response.status(201)
        .header("Location", "/api/v1/grants/" + issued.grantId())
        .entity(grants.written(org, issued.grantId(), issued.write()))
        .build();
  }

  @POST
  @Path("{id}/revoke")
  @Operation(summary = "Revoke a grant (owner only)")
  public Response revoke(@PathParam("id") String id, RevokeRequest request) {
    String org = actor.get().org();
    LedgerWrite write = grants.revoke(org, id, request == null ? null : request.reason());
    if (!write.isDone()) {
      return Response.status(202)
          .entity(new Pending(id, "PENDING", write.txId(), "PENDING"))
          .build();
    }
    return Response.ok(grants.written(org, id, write)).build();
  }

  @GET
  @Operation(summary = "Grants given and received by the caller's organisation")
  public List<GrantView> list(
      @QueryParam("assetId") String assetId, @QueryParam("grantee") String grantee) {
    return grants.list(
        actor.get().org(),
        Validate.optionalId("assetId", assetId),
        Validate.optionalId("grantee", grantee));
  }

  @GET
  @Path("{id}")
  @Operation(summary = "One grant")
  public GrantView get(@PathParam("id") String id) {
    return grants.get(actor.get().org(), id);
  }
}
