package io.mitai.platform.task;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mitai.compute.deliver.DocumentJson;
import io.mitai.compute.deliver.ResultSealer;
import io.mitai.contract.Tx;
import io.mitai.contract.model.Task;
import io.mitai.ledger.EndorsementException;
import io.mitai.platform.keys.HostedOrganisations;
import io.mitai.platform.keys.KeyVault;
import io.mitai.platform.ledger.ContractReads;
import io.mitai.platform.ledger.projection.ProjectedTask;
import io.mitai.platform.problem.LedgerProblems;
import io.mitai.platform.problem.ProblemException;
import io.mitai.platform.problem.ProblemType;
import io.mitai.platform.task.api.TaskViews;
import io.mitai.platform.task.domain.DocumentValues;
import io.mitai.platform.task.persistence.StoredResult;
import io.mitai.platform.validation.Validate;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.bouncycastle.crypto.InvalidCipherTextException;

/**
 * Results: opened for their requester only, and checked against the ledger's result hash.
 *
 * <p>The served document is the canonical encoding of {@code {assurance, operation, result,
 * resultHash, taskId}}; {@code resultHash} is the SHA-256 of the canonical encoding of that same
 * object without its {@code resultHash} member, which is exactly the plaintext that was sealed and
 * whose hash is on the ledger. {@link #verify} recomputes it from any copy of the document.
 */
@ApplicationScoped
public class ResultService {

  static final String HASH_FIELD = "resultHash";

  /** The largest result file {@code verify-result} reads. */
  public static final int MAX_RESULT_BYTES = 16 * 1024 * 1024;

  @Inject KeyVault keys;
  @Inject ContractReads reads;
  @Inject HostedOrganisations hosted;
  @Inject ObjectMapper json;

  /** The decrypted result document of a task, for its requester: canonical JSON bytes. */
  public byte[] result(String org, String taskId) {
    record Found(ProjectedTask task, Optional<StoredResult> sealed) {}
    Found found =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  ProjectedTask t = ProjectedTask.findById(taskId);
                  if (t == null || !TaskService.visible(t, org)) {
                    throw ProblemException.notFound("task", taskId);
                  }
                  return new Found(
                      t, StoredResult.findByIdOptional(taskId).map(StoredResult.class::cast));
                });
    ProjectedTask task = found.task();
    if (!task.requester.equals(org)) {
      throw new ProblemException(
          ProblemType.FORBIDDEN,
          "the result of task "
              + taskId
              + " is sealed to its requester "
              + task.requester
              + " only");
    }
    if (!"SUCCEEDED".equals(task.status)) {
      throw new ProblemException(
          ProblemType.RESULT_UNAVAILABLE,
          "task "
              + taskId
              + " is "
              + task.status
              + " on the ledger; it has no result"
              + ("FAILED".equals(task.status) || "REJECTED".equals(task.status) ? "" : " yet"));
    }
    StoredResult sealed =
        found
            .sealed()
            .orElseThrow(
                () ->
                    new ProblemException(
                        ProblemType.RESULT_UNAVAILABLE,
                        "the sealed result of task " + taskId + " is not stored on this node"));
    String ledgerHash = TaskService.record(task).resultHash();
    byte[] plaintext;
    try {
      plaintext =
          ResultSealer.open(
              new ResultSealer.SealedResult(
                  sealed.enc,
                  sealed.ciphertext,
                  java.util.HexFormat.of().parseHex(sealed.resultHash)),
              keys.resultKey(org).privateKey(),
              TaskWorker.aad(taskId));
    } catch (InvalidCipherTextException e) {
      throw new ProblemException(
          ProblemType.INTEGRITY_FAILURE, "the sealed result of task " + taskId + " does not open");
    }
    String hash = DocumentValues.sha256Hex(plaintext);
    if (!hash.equals(ledgerHash)) {
      throw new ProblemException(
          ProblemType.INTEGRITY_FAILURE,
          "the stored result of task " + taskId + " does not match the ledger's result hash");
    }
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> document =
          new TreeMap<>((Map<String, Object>) DocumentValues.of(json.readTree(plaintext)));
      if (!Arrays.equals(DocumentJson.encode(document), plaintext)) {
        throw new IllegalStateException("a sealed result is not in canonical form");
      }
      document.put(HASH_FIELD, hash);
      return DocumentJson.encode(document);
    } catch (IOException | DocumentValues.NotCanonical e) {
      throw new IllegalStateException("a sealed result is unreadable", e);
    }
  }

  /**
   * Whether a result file's hash equals the ledger's result hash of the task. The file is parsed as
   * JSON; a top-level {@code resultHash} member (the node's own claim) is ignored; the rest is
   * canonically encoded and hashed.
   */
  public TaskViews.ResultVerification verify(Optional<String> reader, String taskId, byte[] bytes) {
    Task task = readTask(reader, taskId);
    String status = task.status().name();
    String ledgerHash = task.resultHash();
    if (bytes.length > MAX_RESULT_BYTES) {
      throw new ProblemException(
          ProblemType.PAYLOAD_TOO_LARGE, "a result file is at most " + MAX_RESULT_BYTES + " bytes");
    }
    String computed;
    try {
      JsonNode document =
          json.copy().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).readTree(bytes);
      if (document == null || !document.isObject()) {
        throw new ProblemException(
            ProblemType.INVALID_ARGUMENT, "the file is not a JSON object (a result document)");
      }
      ((ObjectNode) document).remove(HASH_FIELD);
      computed = DocumentValues.sha256Hex(DocumentValues.encode(document));
    } catch (JsonProcessingException e) {
      throw new ProblemException(
          ProblemType.INVALID_ARGUMENT, "the file is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ProblemException(ProblemType.INVALID_REQUEST, "the file could not be read");
    } catch (DocumentValues.NotCanonical e) {
      throw new ProblemException(
          ProblemType.INVALID_ARGUMENT,
          "the file is not a Mitai result document: " + e.getMessage());
    }
    if (ledgerHash == null) {
      return new TaskViews.ResultVerification(
          taskId, false, computed, null, status, "the ledger holds no result hash for this task");
    }
    boolean matches = computed.equals(ledgerHash);
    return new TaskViews.ResultVerification(
        taskId,
        matches,
        computed,
        ledgerHash,
        status,
        matches
            ? "the file's canonical hash equals the result hash on the ledger"
            : "the file's canonical hash differs from the result hash on the ledger");
  }

  private Task readTask(Optional<String> reader, String taskId) {
    if (!Validate.isId(taskId)) {
      throw new ProblemException(ProblemType.INVALID_REQUEST, "a valid `taskId` is required");
    }
    // Any registered identity may read the shared ledger; an auditor reads through a hosted one.
    String as = reader.orElse(hosted.ids().get(0));
    try {
      return reads.read(as, Tx.READ_TASK, taskId, Task.class);
    } catch (EndorsementException e) {
      throw LedgerProblems.of(e);
    }
  }
}
