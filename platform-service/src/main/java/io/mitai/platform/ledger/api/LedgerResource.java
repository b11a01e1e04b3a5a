package io.mitai.platform.ledger.api;

import io.mitai.ledger.LedgerExplorer;
import io.mitai.ledger.codec.ProofJson;
import io.mitai.platform.asset.domain.LimitedInputStream;
import io.mitai.platform.asset.domain.MultipartReader;
import io.mitai.platform.keys.Pem;
import io.mitai.platform.problem.ProblemException;
import io.mitai.platform.problem.ProblemType;
import io.mitai.platform.security.CurrentActor;
import io.mitai.platform.security.Roles;
import io.mitai.platform.task.ResultService;
import io.mitai.platform.task.api.TaskViews;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The block explorer and the auditor's checks, over the embedded ledger. */
@Path("/api/v1/ledger")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.MEMBER, Roles.AUDITOR})
@Tag(name = "Ledger")
public class LedgerResource {

  static final int MAX_PAGE = 500;

  /** A result file is at most 16 MiB; the rest of the form is small. */
  static final long MAX_VERIFY_BODY = 17L * 1024 * 1024;

  @Inject LedgerExplorer explorer;
  @Inject ResultService results;
  @Inject CurrentActor actor;

  /** An inclusion proof and the tree-head key (PEM) it verifies with. */
  public record Proof(ProofJson.Proof proof, String treeHeadPublicKey) {}

  @GET
  @Path("blocks")
  @Operation(summary = "Blocks from `from` (default 0), at most `limit` (default 50, max 500)")
  public ExplorerViews.Blocks blocks(
      @QueryParam("from") @DefaultValue("0") long from,
      @QueryParam("limit") @DefaultValue("50") int limit) {
    if (from < 0 || limit < 1 || limit > MAX_PAGE) {
      throw new ProblemException(
          ProblemType.INVALID_REQUEST, "from >= 0 and 1 <= limit <= " + MAX_PAGE);
    }
    return new ExplorerViews.Blocks(
        explorer.height(),
        explorer.blocks(from, limit).stream().map(ExplorerViews.Block::of).toList());
  }

  @GET
  @Path("blocks/{n}")
  @Operation(summary = "One block")
  public ExplorerViews.Block block(@PathParam("n") long number) {
    return explorer
        .block(number)
        .map(ExplorerViews.Block::of)
        .orElseThrow(() -> ProblemException.notFound("block", Long.toString(number)));
  }

  @GET
  @Path("tx/{txId}")
  @Operation(summary = "One committed transaction with its writes and event")
  public ExplorerViews.Transaction transaction(@PathParam("txId") String txId) {
    return explorer
        .transaction(txId)
        .map(ExplorerViews.Transaction::of)
        .orElseThrow(() -> ProblemException.notFound("transaction", txId));
  }

  @GET
  @Path("verify")
  @Operation(summary = "Re-verify every block, transaction, Merkle root and tree-head signature")
  public ExplorerViews.Verification verify() {
    return ExplorerViews.Verification.of(explorer.verify());
  }

  /**
   * Checks a downloaded result file against the ledger. Multipart fields {@code taskId} and {@code
   * file}; the body is streamed (nothing is spooled to disk).
   */
  @POST
  @Path("verify-result")
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  @Operation(
      summary = "Whether a result file's canonical SHA-256 equals the task's hash on the ledger")
  @RequestBody(description = "multipart/form-data: taskId, file (a downloaded result JSON)")
  public TaskViews.ResultVerification verifyResult(
      InputStream body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType) {
    Optional<String> reader = actor.get().orgId();
    try {
      MultipartReader multipart =
          new MultipartReader(new LimitedInputStream(body, MAX_VERIFY_BODY), contentType);
      String taskId = null;
      byte[] file = null;
      for (Optional<MultipartReader.Part> p = multipart.next();
          p.isPresent();
          p = multipart.next()) {
        MultipartReader.Part part = p.get();
        switch (part.name()) {
          case "taskId" -> taskId = MultipartReader.text(part, 256).strip();
          // A result document is small and only held in memory (never spooled to disk).
          case "file" -> file = part.content().readNBytes(ResultService.MAX_RESULT_BYTES + 1);
          default -> {
            // other form fields are ignored
          }
        }
      }
      if (taskId == null || file == null) {
        throw new ProblemException(
            ProblemType.INVALID_REQUEST, "multipart fields `taskId` and `file` are required");
      }
      return results.verify(reader, taskId, file);
    } catch (LimitedInputStream.TooLarge e) {
      throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, e.getMessage());
    } catch (IOException e) {
      throw new ProblemException(ProblemType.INVALID_REQUEST, e.getMessage());
    }
  }

  @GET
  @Path("proof/{txId}")
  @Operation(summary = "Inclusion proof of a transaction against the latest signed tree head")
  public Proof proof(@PathParam("txId") String txId) {
    return explorer
        .proveInclusion(txId)
        .map(p -> new Proof(ProofJson.toWire(p), Pem.publicKey(explorer.treeHeadKey())))
        .orElseThrow(() -> ProblemException.notFound("transaction", txId));
  }
}
