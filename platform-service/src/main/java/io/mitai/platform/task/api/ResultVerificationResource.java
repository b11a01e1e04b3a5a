package io.mitai.platform.task.api;

import io.mitai.platform.asset.domain.LimitedInputStream;
import io.mitai.platform.asset.domain.MultipartReader;
import io.mitai.platform.problem.ProblemException;
import io.mitai.platform.problem.ProblemType;
import io.mitai.platform.security.CurrentActor;
import io.mitai.platform.security.Roles;
import io.mitai.platform.task.ResultService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The auditor's check of a downloaded result file against the ledger. It sits with the ledger's
 * checks ({@code /api/v1/ledger}) in the API, but it reads tasks' results, so its code is the task
 * package's: the ledger package below does not know tasks.
 */
@Path("/api/v1/ledger/verify-result")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.MEMBER, Roles.AUDITOR})
@Tag(name = "Ledger")
public class ResultVerificationResource {

  /** A result file is at most 16 MiB; the rest of the form is small. */
  static final long MAX_VERIFY_BODY = 17L * 1024 * 1024;

  @Inject ResultService results;
  @Inject CurrentActor actor;

  /**
   * Checks a downloaded result file against the ledger. Multipart fields {@code taskId} and {@code
   * file}; the body is streamed (nothing is spooled to disk).
   */
  @POST
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
}
