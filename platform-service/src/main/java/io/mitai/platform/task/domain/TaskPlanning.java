package io.mitai.platform.task.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.mitai.platform.problem.ProblemException;
import io.mitai.platform.problem.ProblemType;
import io.mitai.platform.validation.Validate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Turns a task request into a {@link TaskPlan}, or refuses it with a problem before anything is
 * written to the ledger. Pure: the caller supplies the assets' schemas and the organisations this
 * node hosts. What the ledger decides (grants: revoked, expired, exhausted, columns and operations
 * granted) is left to the ledger, so that those refusals are recorded there.
 *
 * <p>Checks, in order: the operation (known; built); the inputs' shape (count per operation, no
 * asset twice, columns named once); each asset exists and has the columns; the parameters (see
 * {@link OperationParams}); the value columns are numeric where the operation computes; and the
 * session can be formed from this node (one party per organisation, every party hosted here or
 * reachable on another node, JOINT_STATS has a dealer holding no input, hosted here). PSI's
 * requester may hold one input (ECDH-PSI) or none (delegated PSI).
 */
public final class TaskPlanning {

  private TaskPlanning() {}

  public static TaskPlan plan(
      String taskId,
      String requester,
      TaskRequest request,
      Function<String, Optional<AssetSchema>> assets,
      SessionReach reach) {
    if (request == null || request.operation() == null || request.operation().isBlank()) {
      throw new ProblemException(ProblemType.INVALID_REQUEST, "`operation` is required");
    }
    TaskOperation operation =
        TaskOperation.parse(request.operation())
            .orElseThrow(
                () ->
                    new ProblemException(
                        ProblemType.INVALID_ARGUMENT,
                        "unknown operation '"
                            + request.operation()
                            + "'; use one of "
                            + List.of(TaskOperation.values())));
    if (operation.compute().isEmpty()) {
      throw new ProblemException(
          ProblemType.OPERATION_UNAVAILABLE,
          operation
              + " is not built in this node (no enclave runtime); nothing was submitted and no"
              + " grant use was consumed");
    }
    List<TaskRequest.Input> requested = request.inputs() == null ? List.of() : request.inputs();
    int min = operation.ledger().minInputs();
    int max = operation.ledger().maxInputs();
    if (requested.size() < min || requested.size() > max) {
      throw invalid(
          operation
              + " takes "
              + (min == max ? String.valueOf(min) : min + ".." + max)
              + " inputs; "
              + requested.size()
              + " were given");
    }
    List<TaskPlan.Input> inputs = new ArrayList<>();
    List<AssetSchema> schemas = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (TaskRequest.Input input : requested) {
      AssetSchema schema = checkedInput(input, seen, assets);
      List<String> columns = input.columns();
      inputs.add(new TaskPlan.Input(schema.id(), schema.owner(), columns));
      schemas.add(schema);
    }
    JsonNode params =
        request.params() == null || request.params().isNull()
            ? JsonNodeFactory.instance.objectNode()
            : request.params();
    OperationParams parsed = OperationParams.parse(operation, inputs, params);
    if (parsed instanceof OperationParams.Psi psi
        && psi.protocol() == io.mitai.compute.ops.PsiProtocol.OT
        && inputs.stream().noneMatch(in -> in.owner().equals(requester))) {
      throw invalid(
          "`params.protocol` OT needs the requester to own one of the two inputs; without an"
              + " input it runs delegated PSI");
    }
    checkNumeric(parsed, inputs, schemas);
    params = ProtocolChoice.withDefault(operation, requester, schemas, params);
    Optional<String> dealer = formSession(operation, parsed, requester, inputs, reach);
    String parameterHash;
    try {
      parameterHash = DocumentValues.sha256Hex(DocumentValues.encode(params));
    } catch (DocumentValues.NotCanonical e) {
      throw invalid("`params` cannot be hashed canonically: " + e.getMessage());
    }
    return new TaskPlan(taskId, requester, operation, inputs, params, parameterHash, dealer);
  }

  /**
   * Checks one requested input against the assets' schemas: an asset id, not named before (in
   * {@code seen}, which it extends), at least one column and none twice, an asset that exists and
   * has every column. Returns the asset's schema. Shared by every operation's planning.
   */
  public static AssetSchema checkedInput(
      TaskRequest.Input input, Set<String> seen, Function<String, Optional<AssetSchema>> assets) {
    if (input == null || input.assetId() == null || input.assetId().isBlank()) {
      throw new ProblemException(ProblemType.INVALID_REQUEST, "every input needs an `assetId`");
    }
    Validate.id("inputs[].assetId", input.assetId());
    Validate.names("inputs[].columns", input.columns());
    if (!seen.add(input.assetId())) {
      throw invalid("asset '" + input.assetId() + "' is named twice");
    }
    List<String> columns = input.columns() == null ? List.of() : input.columns();
    if (columns.isEmpty() || new HashSet<>(columns).size() != columns.size()) {
      throw invalid(
          "input '" + input.assetId() + "' must name at least one column, each only once");
    }
    AssetSchema schema =
        assets
            .apply(input.assetId())
            .orElseThrow(() -> ProblemException.notFound("asset", input.assetId()));
    for (String column : columns) {
      if (!schema.names().contains(column)) {
        throw new ProblemException(
            ProblemType.UNKNOWN_COLUMN,
            "asset '" + schema.id() + "' has no column '" + column + "'; it has " + schema.names());
      }
    }
    return schema;
  }

  private static void checkNumeric(
      OperationParams params, List<TaskPlan.Input> inputs, List<AssetSchema> schemas) {
    for (int i = 0; i < inputs.size(); i++) {
      TaskPlan.Input input = inputs.get(i);
      for (String column : input.columns()) {
        boolean computed;
        if (params instanceof OperationParams.SecureAggregate a) {
          computed = !a.groupBy().filter(column::equals).isPresent();
        } else if (params instanceof OperationParams.JointStats j) {
          computed = !j.key().equals(column);
        } else {
          computed = false;
        }
        if (computed && !schemas.get(i).isNumeric(column)) {
          throw invalid(
              "column '"
                  + column
                  + "' of asset '"
                  + input.assetId()
                  + "' is not numeric (INTEGER or DECIMAL), so it cannot be computed on");
        }
      }
    }
  }

  /** Checks the session's roles; returns the JOINT_STATS dealer. */
  private static Optional<String> formSession(
      TaskOperation operation,
      OperationParams params,
      String requester,
      List<TaskPlan.Input> inputs,
      SessionReach reach) {
    Set<String> owners = new TreeSet<>();
    for (TaskPlan.Input input : inputs) {
      if (!owners.add(input.owner())) {
        throw unsupported(
            "two inputs belong to "
                + input.owner()
                + "; each organisation takes part as one party with one input");
      }
      if (!reach.reaches(input.owner())) {
        throw unsupported(
            "asset '"
                + input.assetId()
                + "' belongs to "
                + input.owner()
                + ", whose party is not hosted on this node and has no compute endpoint on the"
                + " ledger");
      }
    }
    // PSI: a requester holding one input runs ECDH-PSI with the other holder; one holding neither
    // gets delegated PSI (TaskPlan#protocol), so any requester with both grants can ask.
    if (operation != TaskOperation.JOINT_STATS) {
      return Optional.empty();
    }
    if (params instanceof OperationParams.JointStats j && j.dealer() == Dealer.ENCLAVE) {
      // This node's worker deals: its hosted parties pin the key this node verified, a party on
      // another node verifies the evidence itself before it pins (SessionRunner).
      if (reach.reaches(Dealer.ENCLAVE_PARTY)) {
        throw unsupported("an organisation is named '" + Dealer.ENCLAVE_PARTY + "'");
      }
      return Optional.of(Dealer.ENCLAVE_PARTY);
    }
    // The dealer knows every mask; it must hold no input (non-colluding assumption). Prefer an
    // organisation that is neither an input owner nor the requester, so the requester never
    // learns the masks either. Only a hosted one: an organisation of another node takes part only
    // as an input owner, which the ledger's task record authorises; nothing there names a dealer.
    for (String org : new TreeSet<>(reach.hosted())) {
      if (!owners.contains(org) && !org.equals(requester)) {
        return Optional.of(org);
      }
    }
    if (!owners.contains(requester)) {
      return Optional.of(requester);
    }
    throw unsupported(
        "JOINT_STATS needs a dealer of Beaver triples that holds no input, and every organisation"
            + " hosted on this node holds one");
  }

  private static ProblemException invalid(String detail) {
    return new ProblemException(ProblemType.INVALID_ARGUMENT, detail);
  }

  private static ProblemException unsupported(String detail) {
    return new ProblemException(ProblemType.UNSUPPORTED_SESSION, detail);
  }
}
