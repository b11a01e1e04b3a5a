package io.mitai.platform.tee;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mitai.compute.deliver.DocumentJson;
import io.mitai.compute.enclave.AlgorithmCatalog;
import io.mitai.compute.enclave.EnclaveException;
import io.mitai.compute.tee.evidence.TeeAssurance;
import io.mitai.platform.problem.ProblemException;
import io.mitai.platform.problem.ProblemType;
import io.mitai.platform.task.domain.AssetSchema;
import io.mitai.platform.task.domain.DocumentValues;
import io.mitai.platform.task.domain.TaskOperation;
import io.mitai.platform.task.domain.TaskPlan;
import io.mitai.platform.task.domain.TaskPlanning;
import io.mitai.platform.task.domain.TaskRequest;
import io.mitai.platform.task.domain.TeeSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Plans a TEE_JOB, or refuses it with a problem before anything is written to the ledger. Pure: the
 * caller supplies the assets' schemas, the hosted organisations, the worker's algorithms and the
 * ledger's allow-list.
 *
 * <p>{@code params}: {@code "algorithm"} (required) and {@code "version"} (default: the worker's
 * version of that algorithm) name the built-in algorithm; every other member is the algorithm's own
 * parameter, checked by the same code the worker runs ({@link AlgorithmCatalog#check}). Inputs:
 * 1..16 assets of different organisations, each naming the columns the worker may see (its grant
 * must cover them); every owner's node must be this node, because the owner's node decides the key
 * release — unless {@code params.computeCentre} names a compute centre: each owner's node then
 * attaches to that centre's worker and decides its own release, and the requester's node adds its
 * result key to the parameters ({@code resultKey}) before they are hashed.
 *
 * <p>Measurement: on a hardware worker, the build's MRENCLAVE the operator pinned ({@code
 * mitai.tee.worker.mrenclave}: one enclave image holds every algorithm); otherwise the allow-list's
 * entry for (algorithm, version); if several publishers registered one, the entry equal to the
 * measurement of this node's worker code; if none, this node's own measurement. A measurement not
 * listed for (algorithm, version) is rejected by the ledger as ALGORITHM_NOT_REGISTERED, on the
 * record.
 */
public final class TeePlanning {

  /** An allow-list entry. */
  public record Listed(String name, String version, String measurement) {}

  static final int MAX_INPUTS = io.mitai.contract.model.Operation.TEE_JOB.maxInputs();

  private static final java.util.regex.Pattern ID = io.mitai.contract.model.Check.ID;

  private TeePlanning() {}

  public static TaskPlan plan(
      String taskId,
      String requester,
      TaskRequest request,
      Function<String, Optional<AssetSchema>> assets,
      List<String> hosted,
      AlgorithmCatalog catalog,
      List<Listed> allowList,
      TeeAssurance workerAssurance,
      Optional<String> pinnedMeasurement) {
    List<TaskRequest.Input> requested = request.inputs() == null ? List.of() : request.inputs();
    if (requested.isEmpty() || requested.size() > MAX_INPUTS) {
      throw invalid(
          "TEE_JOB takes 1.." + MAX_INPUTS + " inputs; " + requested.size() + " were given");
    }
    JsonNode centre =
        request.params() == null ? null : request.params().get(TaskPlan.COMPUTE_CENTRE);
    boolean atCentre = centre != null && !centre.isNull();
    if (atCentre && (!centre.isTextual() || !ID.matcher(centre.asText()).matches())) {
      throw invalid("`params.computeCentre` must be an organisation id");
    }
    List<TaskPlan.Input> inputs = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    Set<String> owners = new HashSet<>();
    for (TaskRequest.Input input : requested) {
      AssetSchema schema = TaskPlanning.checkedInput(input, seen, assets);
      List<String> columns = input.columns();
      if (!owners.add(schema.owner())) {
        throw unsupported(
            "two inputs belong to "
                + schema.owner()
                + "; a TEE job takes one input per organisation (columns are named owner.column)");
      }
      if (!atCentre && !hosted.contains(schema.owner())) {
        throw unsupported(
            "asset '"
                + schema.id()
                + "' belongs to "
                + schema.owner()
                + ", whose node must release its key; only organisations hosted on this node can"
                + " (or name a compute centre: params.computeCentre)");
      }
      inputs.add(new TaskPlan.Input(schema.id(), schema.owner(), columns));
    }
    JsonNode params =
        request.params() == null || request.params().isNull()
            ? JsonNodeFactory.instance.objectNode()
            : request.params();
    if (!params.isObject()) {
      throw invalid("`params` must be a JSON object");
    }
    JsonNode name = params.get("algorithm");
    if (name == null || !name.isTextual() || name.asText().isBlank()) {
      throw invalid(
          "`params.algorithm` names the built-in algorithm: one of "
              + catalog.entries().stream().map(e -> e.algorithm().name()).toList());
    }
    JsonNode v = params.get("version");
    if (v != null && !v.isTextual()) {
      throw invalid("`params.version` must be a string");
    }
    String algorithm = name.asText();
    Optional<AlgorithmCatalog.Entry> local =
        v == null
            ? catalog.entries().stream()
                .filter(e -> e.algorithm().name().equals(algorithm))
                .findFirst()
            : catalog.find(algorithm, v.asText());
    if (local.isEmpty()) {
      throw invalid(
          "this node's enclave worker has no algorithm '"
              + algorithm
              + "'"
              + (v == null ? "" : " version " + v.asText())
              + "; it has "
              + catalog.entries().stream()
                  .map(e -> e.algorithm().name() + " " + e.algorithm().version())
                  .toList());
    }
    String version = local.get().algorithm().version();
    ObjectNode own = ((ObjectNode) params).deepCopy();
    own.remove(List.of("algorithm", "version", TaskPlan.COMPUTE_CENTRE, TaskPlan.RESULT_KEY));
    try {
      catalog.check(
          algorithm,
          version,
          DocumentJson.encode(DocumentValues.of(own)),
          inputs.stream().map(TaskPlan.Input::owner).toList(),
          inputs.stream().map(TaskPlan.Input::columns).toList());
    } catch (EnclaveException e) {
      throw invalid(algorithm + ": " + e.getMessage());
    } catch (DocumentValues.NotCanonical e) {
      throw invalid("`params` cannot be hashed canonically: " + e.getMessage());
    }
    String measurement =
        pinnedMeasurement.orElseGet(() -> measurement(algorithm, version, local.get(), allowList));
    String parameterHash;
    try {
      parameterHash = DocumentValues.sha256Hex(DocumentValues.encode(params));
    } catch (DocumentValues.NotCanonical e) {
      throw invalid("`params` cannot be hashed canonically: " + e.getMessage());
    }
    return new TaskPlan(
        taskId,
        requester,
        TaskOperation.TEE_JOB,
        inputs,
        params,
        parameterHash,
        Optional.empty(),
        Optional.of(new TeeSpec(algorithm, version, measurement, workerAssurance.name())));
  }

  /** The task's measurement: see the class comment. */
  static String measurement(
      String name, String version, AlgorithmCatalog.Entry local, List<Listed> allowList) {
    String own = local.measurement().value().hex();
    List<String> listed =
        allowList.stream()
            .filter(l -> l.name().equals(name) && l.version().equals(version))
            .map(Listed::measurement)
            .toList();
    if (listed.size() == 1) {
      return listed.get(0);
    }
    return own;
  }

  private static ProblemException invalid(String detail) {
    return new ProblemException(ProblemType.INVALID_ARGUMENT, detail);
  }

  private static ProblemException unsupported(String detail) {
    return new ProblemException(ProblemType.UNSUPPORTED_SESSION, detail);
  }
}
