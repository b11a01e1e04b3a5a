package io.mitai.platform.tee;

import io.mitai.compute.enclave.EnclaveException;
import io.mitai.compute.enclave.WorkerClient;
import io.mitai.compute.ops.Table;
import io.mitai.contract.Tx;
import io.mitai.contract.model.ComputeCentre;
import io.mitai.contract.model.KeyReleaseDecision;
import io.mitai.contract.model.KeyReleaseRequest;
import io.mitai.contract.model.Organisation;
import io.mitai.contract.model.Task;
import io.mitai.contract.model.TaskInput;
import io.mitai.ledger.LedgerException;
import io.mitai.platform.asset.domain.AssetReader;
import io.mitai.platform.keys.HostedOrganisations;
import io.mitai.platform.keys.KeyVault;
import io.mitai.platform.ledger.ContractReads;
import io.mitai.platform.outbox.ContractLedger;
import io.mitai.platform.outbox.LedgerWrite;
import io.mitai.platform.task.CentreKeyRelease;
import io.mitai.platform.task.domain.DocumentValues;
import io.mitai.platform.task.domain.TaskPlan;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The input owner's side of a compute centre's job (East data, West compute). The owner's node, not
 * the requester's and not the centre's, decides: it reads the task, its grant and the centre from
 * the ledger, connects to the centre's worker (certificate pinned from the ledger), attaches with a
 * fresh nonce and checks, before any key leaves the node:
 *
 * <ol>
 *   <li>the job the worker holds is the ledger's task: same id and measurement, the same inputs
 *       (owners and columns), every other owner's key the one the ledger registered, the parameters
 *       hashing to the recorded parameter hash and naming this centre and the result key the worker
 *       will seal to;
 *   <li>the evidence, by {@link KeyRelease#decide}: grant in force, measurement granted, evidence
 *       bound to this owner's nonce and the job and verifying at the grant's minimum assurance.
 * </ol>
 *
 * Then it records RELEASED (with the evidence hash) on the ledger and sends its granted columns
 * under a fresh key wrapped to the attested worker key, signed with its registered key; or refuses
 * with the reason, on the ledger and to the worker.
 */
@ApplicationScoped
public class OwnerKeyRelease implements CentreKeyRelease {

  private static final Logger LOG = Logger.getLogger(OwnerKeyRelease.class);

  @Inject ContractReads reads;
  @Inject ContractLedger contract;
  @Inject EnclaveWorkers workers;
  @Inject HostedOrganisations hosted;
  @Inject KeyVault keys;
  @Inject AssetReader assets;
  @Inject TeeJobRunner runner;
  @Inject com.fasterxml.jackson.databind.ObjectMapper json;

  private final SecureRandom random = new SecureRandom();

  @Override
  public Optional<String> release(String owner, Task task) {
    int index = -1;
    for (int i = 0; i < task.inputs().size(); i++) {
      if (owner.equals(task.inputs().get(i).owner())) {
        index = i;
        break;
      }
    }
    if (index < 0) {
      return Optional.of("INTERNAL_ERROR: " + owner + " owns no input of task " + task.id());
    }
    TaskInput input = task.inputs().get(index);
    String centreId = task.computeCentre();
    String evidenceHash = null;
    try {
      ComputeCentre centre =
          reads.read(owner, Tx.READ_COMPUTE_CENTRE, centreId, ComputeCentre.class);
      CentreEndpoint endpoint = CentreEndpoint.of(centre);
      KeyRelease.Input terms =
          runner.releaseInput(
              task, index, new TaskPlan.Input(input.assetId(), owner, input.columns()));
      try (WorkerClient client =
          WorkerClient.connect(
              endpoint.host(),
              endpoint.port(),
              endpoint.certificate(),
              workers.timeout(),
              random)) {
        WorkerClient.Attachment attached =
            client.attach(task.id(), index, keys.organisation(owner).identity().getPrivate());
        evidenceHash = attached.attestation().evidence().sha256().hex();
        Optional<String> mismatch = mismatch(owner, task, index, attached.job());
        KeyRelease.Decision decision =
            mismatch.isPresent()
                ? new KeyRelease.Decision.Refuse(
                    KeyRelease.REFUSED + ": input " + index + ": JOB_MISMATCH: " + mismatch.get())
                : KeyRelease.decide(
                    terms,
                    task.algorithmMeasurement(),
                    workers.measurementKind(),
                    attached.attestation(),
                    workers.verifierFor(centreId, hosted.hosts(centreId)),
                    Instant.now());
        if (decision instanceof KeyRelease.Decision.Refuse refuse) {
          client.refuse(index, TeeJobRunner.clip(refuse.reason()));
          record(owner, task, index, KeyReleaseDecision.REFUSED, evidenceHash, refuse.reason());
          LOG.infof(
              "TEE task %s: %s refused its key to the worker of compute centre %s: %s",
              task.id(), owner, centreId, refuse.reason());
          return Optional.of(TeeJobRunner.clip(refuse.reason()));
        }
        LedgerWrite w = record(owner, task, index, KeyReleaseDecision.RELEASED, evidenceHash, null);
        if (!w.isDone()) {
          client.abort("the release could not be recorded");
          return Optional.of("KEY_RELEASE_NOT_RECORDED: " + w.state());
        }
        LOG.infof(
            "TEE task %s: evidence %s of compute centre %s verified by %s against grant %s;"
                + " key released to the attested worker",
            task.id(), evidenceHash, centreId, owner, input.grantId());
        Table table = assets.open(owner, input.assetId(), input.columns(), input.columns());
        long rows = client.sendInput(index, table.rows());
        LOG.infof(
            "TEE task %s: %s sent input %d (%d rows) to compute centre %s",
            task.id(), owner, index, rows, centreId);
        return Optional.empty();
      }
    } catch (TeeJobRunner.Failed e) {
      return refuseUnreached(owner, task, index, evidenceHash, e.getMessage());
    } catch (EnclaveException e) {
      return refuseUnreached(owner, task, index, evidenceHash, "TEE_" + e.describe());
    } catch (IOException | LedgerException e) {
      return refuseUnreached(
          owner,
          task,
          index,
          evidenceHash,
          "TEE_WORKER_UNAVAILABLE: compute centre " + centreId + ": " + e.getMessage());
    } catch (GeneralSecurityException e) {
      return refuseUnreached(
          owner, task, index, evidenceHash, "TEE_VERIFIER_UNAVAILABLE: " + e.getMessage());
    } catch (AssetReader.Unreadable e) {
      return Optional.of(TeeJobRunner.clip("INVALID_INPUT at " + owner + ": " + e.getMessage()));
    }
  }

  /** Why the worker's job is not the ledger's task, if it is not. */
  Optional<String> mismatch(String owner, Task task, int index, WorkerClient.JobView job) {
    if (!job.taskId().equals(task.id())) {
      return Optional.of("the worker holds task " + job.taskId());
    }
    if (!job.measurementHex().equals(task.algorithmMeasurement())) {
      return Optional.of("the job names measurement " + job.measurementHex());
    }
    if (job.inputs().size() != task.inputs().size()) {
      return Optional.of("the job has " + job.inputs().size() + " inputs");
    }
    for (int i = 0; i < task.inputs().size(); i++) {
      TaskInput recorded = task.inputs().get(i);
      WorkerClient.InputDescription held = job.inputs().get(i);
      if (!held.owner().equals(recorded.owner()) || !held.columns().equals(recorded.columns())) {
        return Optional.of("input " + i + " is not the ledger's (owner or columns differ)");
      }
      if (held.ownerKey().isEmpty()) {
        // Only the requester sends over its own connection, and only its own inputs.
        if (!recorded.owner().equals(task.requester()) || i == index) {
          return Optional.of("input " + i + " is not open to its owner");
        }
        continue;
      }
      String registered =
          reads.read(owner, Tx.READ_ORGANISATION, recorded.owner(), Organisation.class).publicKey();
      if (!held.ownerKey().get().strip().equals(registered.strip())) {
        return Optional.of("input " + i + " names a key its owner did not register");
      }
    }
    if (job.parameters().isEmpty()) {
      return Optional.of("the job carries no parameters");
    }
    byte[] parameters = job.parameters().get();
    if (!DocumentValues.sha256Hex(parameters).equals(task.parameterHash())) {
      return Optional.of("the parameters do not hash to the ledger's parameter hash");
    }
    try {
      var params = json.readTree(parameters);
      if (!task.computeCentre().equals(params.path(TaskPlan.COMPUTE_CENTRE).asText())) {
        return Optional.of("the parameters name another compute centre");
      }
      if (!HexFormat.of()
          .formatHex(job.resultPublicKey())
          .equals(params.path(TaskPlan.RESULT_KEY).asText())) {
        return Optional.of("the worker would seal the result to another key than the task's");
      }
    } catch (IOException e) {
      return Optional.of("the parameters are not JSON");
    }
    return Optional.empty();
  }

  private Optional<String> refuseUnreached(
      String owner, Task task, int index, String evidenceHash, String why) {
    String reason = KeyRelease.REFUSED + ": input " + index + ": " + why;
    record(owner, task, index, KeyReleaseDecision.REFUSED, evidenceHash, reason);
    LOG.infof("TEE task %s: %s released no key: %s", task.id(), owner, reason);
    return Optional.of(TeeJobRunner.clip(reason));
  }

  private LedgerWrite record(
      String owner,
      Task task,
      int index,
      KeyReleaseDecision decision,
      String evidenceHash,
      String reason) {
    return contract.recordKeyRelease(
        owner,
        new KeyReleaseRequest(
            task.id(),
            index,
            decision,
            evidenceHash,
            decision == KeyReleaseDecision.RELEASED ? task.algorithmMeasurement() : null,
            reason == null ? null : TeeJobRunner.clip(reason)));
  }
}
