package io.mitai.platform.asset.api;

import io.mitai.platform.asset.domain.AssetService;
import io.mitai.platform.outbox.LedgerWrite;
import io.mitai.platform.security.CurrentActor;
import io.mitai.platform.security.Roles;
import io.mitai.platform.validation.Validate;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Data assets of the caller's organisation, and those granted to it. */
@Path("/api/v1/assets")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.MEMBER)
@Tag(name = "Assets")
public class AssetResource {

  @Inject AssetService assets;
  @Inject CurrentActor actor;

  /**
   * Registers a data set. The body is read as a stream (never buffered to disk): multipart fields
   * {@code name}, {@code file} (CSV with a header row) and optionally {@code types} ({@code
   * column:TYPE,...}).
   */
  @POST
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  @Operation(
      summary = "Register a data set (CSV): encrypted on arrival, committed on the ledger",
      description =
          "201 when registered on the ledger, 202 with ledgerState PENDING when the ledger write"
              + " is queued in the outbox.")
  @RequestBody(
      description =
          "multipart/form-data: name, file (CSV), optional types, optional private (true: only a"
              + " salted hash of the name goes on the shared ledger)")
  public Response upload(
      InputStream body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType) {
    AssetService.Uploaded uploaded = assets.upload(actor.get().org(), body, contentType);
    return Response.status(uploaded.write().isDone() ? 201 : 202)
        .header("Location", "/api/v1/assets/" + uploaded.asset().id())
        .entity(uploaded.asset())
        .build();
  }

  @GET
  @Operation(summary = "Own assets and assets granted to the caller (metadata only)")
  public List<AssetView> list() {
    return assets.visibleTo(actor.get().org());
  }

  @GET
  @Path("{id}")
  @Operation(summary = "One asset's metadata")
  public AssetView get(@PathParam("id") String id) {
    return assets.get(actor.get().org(), id);
  }

  /** The outcome of a destruction: the key is gone; the ledger record is DONE or PENDING. */
  public record Destroyed(String id, String status, String ledgerTxId, String ledgerState) {}

  @DELETE
  @Path("{id}")
  @Operation(summary = "Destroy an asset: delete its data key and ciphertext, record it")
  public Response destroy(@PathParam("id") String id, @QueryParam("reason") String reason) {
    Validate.optionalText("reason", reason, Validate.MAX_TEXT);
    String why = reason == null || reason.isBlank() ? "destroyed by its owner" : reason;
    LedgerWrite write = assets.destroy(actor.get().org(), id, why);
    return Response.status(write.isDone() ? 200 : 202)
        .entity(new Destroyed(id, "DESTROYED", write.txId(), write.state().name()))
        .build();
  }
}
