package io.mitai.platform.ledger.api;

import io.mitai.ledger.LedgerExplorer;
import io.mitai.ledger.codec.ProofJson;
import io.mitai.platform.keys.Pem;
import io.mitai.platform.problem.ProblemException;
import io.mitai.platform.problem.ProblemType;
import io.mitai.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The block explorer and the auditor's checks, over the embedded ledger. The check of a result file
 * against its task's hash is {@code task}'s ({@code ResultVerificationResource}), under the same
 * path.
 */
@Path("/api/v1/ledger")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.MEMBER, Roles.AUDITOR})
@Tag(name = "Ledger")
public class LedgerResource {

  static final int MAX_PAGE = 500;

  @Inject LedgerExplorer explorer;

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
