package io.mitai.compute.enclave;

import io.mitai.compute.deliver.DocumentJson;
import io.mitai.compute.deliver.ResultSealer;
import io.mitai.compute.enclave.WorkerProtocol.Frame;
import io.mitai.compute.enclave.WorkerProtocol.Kind;
import io.mitai.compute.enclave.algorithm.InputTable;
import io.mitai.compute.ops.Table;
import io.mitai.compute.tee.dcap.Json;
import io.mitai.compute.tee.evidence.AttestationException;
import io.mitai.compute.tee.evidence.Bytes;
import io.mitai.compute.tee.evidence.Evidence;
import io.mitai.compute.tee.evidence.Nonce;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The worker's side of one job (one connection): read the JOB, attest with a fresh ephemeral X25519
 * key bound to the node's nonce, accept released keys and input segments, run the algorithm, seal
 * the result to the requester's key, and wipe every key. Plaintext and keys exist in memory only;
 * the log names tasks, inputs and counts, never values or keys.
 */
final class JobSession {
  private final AlgorithmCatalog catalog;
  private final WorkerPlatform platform;
  private final SecureRandom random;
  private final Consumer<String> log;
  private final String host;
  private final SharedJob.Registry registry;

  /**
   * @param host the address the worker listens on (the dealer role's party transport binds it too)
   * @param registry the worker's open shared jobs, which owners attach to
   */
  JobSession(
      AlgorithmCatalog catalog,
      WorkerPlatform platform,
      SecureRandom random,
      String host,
      SharedJob.Registry registry,
      Consumer<String> log) {
    this.catalog = catalog;
    this.platform = platform;
    this.random = random;
    this.host = host;
    this.registry = registry;
    this.log = log;
  }

  /**
   * A job's parsed JOB header. {@code ownerKeys} holds, per input, the owner's registered key when
   * the input may be attached (a shared job); {@code attachWait} is present iff the job is shared.
   */
  record Job(
      String taskId,
      AlgorithmCatalog.Entry algorithm,
      Json.Obj params,
      List<String> owners,
      List<List<String>> columns,
      byte[] resultKey,
      byte[] nodeKey,
      Nonce nonce,
      Bytes hash,
      List<Optional<PublicKey>> ownerKeys,
      Optional<Duration> attachWait) {}

  void serve(DataInputStream in, DataOutputStream out) throws IOException {
    String task = "?";
    try {
      Frame first = WorkerProtocol.read(in);
      switch (first.kind()) {
        case DEAL -> {
          if (!catalog.dealer()) {
            throw new EnclaveException(
                EnclaveFailure.ALGORITHM_UNKNOWN, "this worker does not act as the dealer");
          }
          new DealerSession(platform, random, host, log).serve(first, in, out);
        }
        case JOB -> {
          Job job = job(first);
          task = job.taskId();
          serveJob(job, first.header(), in, out);
        }
        case ATTACH -> {
          task = WorkerProtocol.text(first.json(), "taskId");
          serveAttach(first.json(), in, out);
        }
        default -> throw WorkerProtocol.violation("expected JOB, got " + first.kind());
      }
    } catch (EnclaveException e) {
      error(out, task, e);
    }
  }

  private void error(DataOutputStream out, String task, EnclaveException e) {
    log.accept("task " + task + ": failed " + e.describe());
    Map<String, Object> err = new TreeMap<>();
    err.put("code", e.failure().name());
    err.put("number", (long) e.failure().code());
    err.put("message", e.getMessage());
    try {
      WorkerProtocol.write(out, Kind.ERROR, err, new byte[0]);
    } catch (IOException ignored) {
      // The peer is gone; nothing to tell it.
    }
  }

  /** The requester's connection: it owns the job and its worker key for the job's lifetime. */
  private void serveJob(Job job, byte[] header, DataInputStream in, DataOutputStream out)
      throws IOException, EnclaveException {
    String task = job.taskId();
    byte[] workerPrivate = JobCrypto.newPrivateKey(random);
    byte[] workerPublic = JobCrypto.publicKey(workerPrivate);
    SharedJob shared = new SharedJob(job, header, workerPrivate, workerPublic);
    Receiver receiver = new Receiver(shared, Optional.empty(), out);
    try {
      Evidence evidence = attest(job, job.nonce(), workerPublic);
      // Open to its owners before the requester hears back, so they can attach at once.
      if (job.attachWait().isPresent()) {
        registry.open(shared);
      }
      WorkerProtocol.write(
          out, Kind.EVIDENCE, evidenceHeader(job, evidence, workerPublic), new byte[0]);
      log.accept(
          "task "
              + task
              + ": evidence sent ("
              + evidence.format()
              + ", "
              + job.algorithm().algorithm().name()
              + " "
              + job.algorithm().algorithm().version()
              + ", measurement "
              + job.algorithm().measurement().value().hex()
              + (job.attachWait().isPresent() ? ", open for its owners to attach" : "")
              + ")");
      while (true) {
        Frame f = WorkerProtocol.read(in);
        switch (f.kind()) {
          case KEY, DATA -> receiver.handle(f);
          case RUN -> {
            List<InputTable> tables;
            if (job.attachWait().isEmpty()) {
              for (int i = 0; i < shared.inputs(); i++) {
                if (!receiver.complete(i)) {
                  throw WorkerProtocol.violation("RUN before input " + i + " arrived");
                }
              }
              tables = awaitAll(shared, Duration.ZERO);
            } else {
              log.accept("task " + task + ": waiting for its owners' inputs");
              tables = awaitAll(shared, job.attachWait().get());
            }
            log.accept("task " + task + ": running " + job.algorithm().algorithm().name());
            ResultFrame r = result(job, shared, tables);
            WorkerProtocol.write(out, Kind.RESULT, r.header(), r.ciphertext());
            log.accept("task " + task + ": result sealed to the requester");
            return;
          }
          case ABORT -> {
            log.accept("task " + task + ": aborted by the node");
            return;
          }
          default -> throw WorkerProtocol.violation("unexpected " + f.kind());
        }
      }
    } finally {
      // Best effort in a JVM: the arrays we own are zeroed; Strings of decrypted cells and copies
      // the GC or a library made cannot be wiped and die with the job's objects (and the process).
      registry.remove(shared);
      shared.close();
      receiver.wipe();
    }
  }

  /** An input owner's own connection to a shared job: attest, then take its one input. */
  private void serveAttach(Json.Obj h, DataInputStream in, DataOutputStream out)
      throws IOException, EnclaveException {
    String taskId = WorkerProtocol.text(h, "taskId");
    SharedJob shared =
        registry
            .find(taskId)
            .orElseThrow(
                () ->
                    new EnclaveException(
                        EnclaveFailure.JOB_UNKNOWN, "this worker holds no open job " + taskId));
    Job job = shared.job;
    int index = index(h, shared.inputs());
    if (job.ownerKeys().get(index).isEmpty()) {
      throw WorkerProtocol.violation("input " + index + " is not open to its owner");
    }
    Nonce ownerNonce = new Nonce(Bytes.of(WorkerProtocol.hex(h, "nonce", Nonce.LENGTH)));
    Evidence evidence =
        attest(job, JobCrypto.attachNonce(ownerNonce, job.hash()), shared.workerPublic);
    Map<String, Object> ev = evidenceHeader(job, evidence, shared.workerPublic);
    ev.put("job", WorkerProtocol.b64(shared.header));
    WorkerProtocol.write(out, Kind.EVIDENCE, ev, new byte[0]);
    log.accept("task " + taskId + ": evidence sent to the owner of input " + index + " (attached)");
    Receiver receiver = new Receiver(shared, Optional.of(index), out);
    try {
      while (true) {
        Frame f = WorkerProtocol.read(in);
        switch (f.kind()) {
          case KEY, DATA -> {
            if (receiver.handle(f)) {
              return;
            }
          }
          case REFUSE -> {
            Json.Obj r = f.json();
            if (index(r, shared.inputs()) != index) {
              throw WorkerProtocol.violation("a refusal for another input");
            }
            String reason = WorkerProtocol.text(r, "reason");
            byte[] statement =
                JobCrypto.ownerReleaseStatement(
                    job.hash(),
                    index,
                    "REFUSE".getBytes(StandardCharsets.US_ASCII),
                    reason.getBytes(StandardCharsets.UTF_8));
            if (!JobCrypto.verifyRelease(
                job.ownerKeys().get(index).get(),
                statement,
                WorkerProtocol.base64(r, "signature"))) {
              throw WorkerProtocol.violation("the refusal is not signed by the input's owner");
            }
            shared.refuse(index, reason.length() > 900 ? reason.substring(0, 900) : reason);
            log.accept("task " + taskId + ": the owner of input " + index + " refused its key");
            return;
          }
          case ABORT -> {
            log.accept("task " + taskId + ": the owner of input " + index + " left");
            return;
          }
          default -> throw WorkerProtocol.violation("unexpected " + f.kind());
        }
      }
    } finally {
      receiver.wipe();
    }
  }

  private List<InputTable> awaitAll(SharedJob shared, Duration wait) throws EnclaveException {
    try {
      return shared.awaitAll(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EnclaveException(EnclaveFailure.INTERNAL_ERROR, "interrupted while waiting");
    }
  }

  private Evidence attest(Job job, Nonce nonce, byte[] workerPublic) throws EnclaveException {
    try {
      return platform
          .attester(job.algorithm().measurement())
          .attest(nonce, JobCrypto.x25519PublicKey(workerPublic));
    } catch (AttestationException e) {
      throw new EnclaveException(EnclaveFailure.ATTESTATION_FAILED, e.getMessage(), e);
    }
  }

  private static Map<String, Object> evidenceHeader(
      Job job, Evidence evidence, byte[] workerPublic) {
    Map<String, Object> ev = new TreeMap<>();
    ev.put("format", evidence.format().name());
    ev.put("evidence", WorkerProtocol.b64(evidence.payload().toByteArray()));
    ev.put("workerKey", WorkerProtocol.hex(workerPublic));
    ev.put("measurement", job.algorithm().measurement().value().hex());
    return ev;
  }

  /** A RESULT frame: its header and the sealed result. */
  private record ResultFrame(Map<String, Object> header, byte[] ciphertext) {}

  /** Runs the algorithm, seals the result to the requester and tags it. */
  private ResultFrame result(Job job, SharedJob shared, List<InputTable> tables)
      throws EnclaveException {
    SortedMap<String, Object> result = job.algorithm().algorithm().run(job.params(), tables);
    result.put("algorithm", job.algorithm().describe());
    SortedMap<String, Object> doc = new TreeMap<>();
    doc.put("taskId", job.taskId());
    doc.put("operation", "TEE_JOB");
    doc.put("assurance", platform.assurance().name());
    doc.put("result", result);
    byte[] canonical = DocumentJson.encode(doc);
    ResultSealer.SealedResult sealed =
        ResultSealer.seal(
            canonical,
            job.resultKey(),
            ("mitai-result-v1|" + job.taskId()).getBytes(StandardCharsets.UTF_8));
    Arrays.fill(canonical, (byte) 0);
    byte[] mac =
        JobCrypto.resultMac(
            shared.workerPrivate,
            job.nodeKey(),
            job.hash(),
            sealed.resultHash(),
            sealed.enc(),
            sealed.ciphertext());
    Map<String, Object> r = new TreeMap<>();
    r.put("enc", WorkerProtocol.b64(sealed.enc()));
    r.put("resultHash", WorkerProtocol.hex(sealed.resultHash()));
    r.put("mac", WorkerProtocol.b64(mac));
    return new ResultFrame(r, sealed.ciphertext());
  }

  /**
   * One connection's released keys and input segments: the requester's (any input, unsigned) or an
   * attached owner's (its one input, the key only with the owner's signature). Completed inputs go
   * to the shared job.
   */
  private final class Receiver {
    private final SharedJob shared;
    private final Optional<Integer> attached;
    private final DataOutputStream out;
    private final byte[][] keys;
    private final ByteArrayOutputStream[] plaintexts;
    private final long[] nextSegment;
    private final boolean[] complete;

    Receiver(SharedJob shared, Optional<Integer> attached, DataOutputStream out) {
      this.shared = shared;
      this.attached = attached;
      this.out = out;
      int n = shared.inputs();
      keys = new byte[n][];
      plaintexts = new ByteArrayOutputStream[n];
      nextSegment = new long[n];
      complete = new boolean[n];
    }

    boolean complete(int i) {
      return complete[i];
    }

    /** Handles a KEY or DATA frame; true once this connection's input is complete. */
    boolean handle(Frame f) throws IOException, EnclaveException {
      Json.Obj h = f.json();
      Job job = shared.job;
      int i = index(h, shared.inputs());
      if (attached.isPresent() && attached.get() != i) {
        throw WorkerProtocol.violation("this connection serves input " + attached.get());
      }
      if (f.kind() == Kind.KEY) {
        if (keys[i] != null) {
          throw WorkerProtocol.violation("input " + i + " has a key already");
        }
        byte[] enc = WorkerProtocol.base64(h, "enc");
        byte[] wrapped = WorkerProtocol.base64(h, "wrappedKey");
        if (attached.isPresent()
            && !JobCrypto.verifyRelease(
                job.ownerKeys().get(i).orElseThrow(),
                JobCrypto.ownerReleaseStatement(job.hash(), i, enc, wrapped),
                WorkerProtocol.base64(h, "signature"))) {
          throw WorkerProtocol.violation(
              "the key of input " + i + " is not released by the input's owner");
        }
        shared.claim(i);
        keys[i] = JobCrypto.unwrapKey(enc, wrapped, shared.workerPrivate, job.hash(), i);
        plaintexts[i] = new ByteArrayOutputStream();
        return false;
      }
      if (keys[i] == null || complete[i]) {
        throw WorkerProtocol.violation("data for input " + i + " without its key");
      }
      long segment = WorkerProtocol.number(h, "segment");
      boolean last = WorkerProtocol.bool(h, "last");
      if (segment != nextSegment[i]) {
        throw new EnclaveException(
            EnclaveFailure.INPUT_NOT_AUTHENTIC,
            "input " + i + " segment " + segment + " arrived out of order");
      }
      nextSegment[i]++;
      byte[] plain = JobCrypto.openSegment(keys[i], job.hash(), i, segment, last, f.body());
      ByteArrayOutputStream buf = plaintexts[i];
      if ((long) buf.size() + plain.length > InputRows.MAX_BYTES) {
        throw new EnclaveException(
            EnclaveFailure.LIMIT_EXCEEDED, "input " + i + " exceeds the worker's limit");
      }
      shared.account(plain.length);
      buf.write(plain, 0, plain.length);
      Arrays.fill(plain, (byte) 0);
      if (!last) {
        return false;
      }
      complete[i] = true;
      byte[] all = buf.toByteArray();
      List<List<String>> rows = InputRows.decode(all, all.length, job.columns().get(i).size());
      Arrays.fill(all, (byte) 0);
      JobSession.wipe(buf);
      shared.deposit(i, new InputTable(job.owners().get(i), new Table(job.columns().get(i), rows)));
      Map<String, Object> ok = new TreeMap<>();
      ok.put("index", (long) i);
      ok.put("rows", (long) rows.size());
      WorkerProtocol.write(out, Kind.INPUT_OK, ok, new byte[0]);
      log.accept("task " + job.taskId() + ": input " + i + " of " + shared.inputs() + " received");
      return true;
    }

    void wipe() {
      for (byte[] k : keys) {
        if (k != null) {
          Arrays.fill(k, (byte) 0);
        }
      }
      for (ByteArrayOutputStream b : plaintexts) {
        if (b != null) {
          JobSession.wipe(b);
        }
      }
    }
  }

  private Job job(Frame frame) throws EnclaveException {
    Json.Obj h = frame.json();
    String taskId = WorkerProtocol.text(h, "taskId");
    Json.Obj a = WorkerProtocol.object(h, "algorithm");
    String name = WorkerProtocol.text(a, "name");
    String version = WorkerProtocol.text(a, "version");
    AlgorithmCatalog.Entry entry =
        catalog
            .find(name, version)
            .orElseThrow(
                () ->
                    new EnclaveException(
                        EnclaveFailure.ALGORITHM_UNKNOWN,
                        "this worker has no algorithm " + name + " " + version));
    Json.Obj params = WorkerProtocol.object(h, "params");
    List<String> owners = new ArrayList<>();
    List<List<String>> columns = new ArrayList<>();
    List<Optional<PublicKey>> ownerKeys = new ArrayList<>();
    List<Json.Node> inputs = WorkerProtocol.list(h, "inputs");
    if (inputs.isEmpty()) {
      throw WorkerProtocol.violation("a job needs at least one input");
    }
    for (int i = 0; i < inputs.size(); i++) {
      if (!(inputs.get(i) instanceof Json.Obj in) || WorkerProtocol.number(in, "index") != i) {
        throw WorkerProtocol.violation("inputs must be objects listed in index order");
      }
      owners.add(WorkerProtocol.text(in, "owner"));
      List<String> cs = WorkerProtocol.columns(in);
      if (cs.isEmpty() || cs.stream().distinct().count() != cs.size()) {
        throw WorkerProtocol.violation("input " + i + " needs distinct columns");
      }
      columns.add(List.copyOf(cs));
      ownerKeys.add(
          in.get("ownerKey").isPresent()
              ? Optional.of(JobCrypto.ownerKey(WorkerProtocol.text(in, "ownerKey")))
              : Optional.empty());
    }
    Optional<Duration> attachWait = Optional.empty();
    if (h.get("attachSeconds").isPresent()) {
      long seconds = WorkerProtocol.number(h, "attachSeconds");
      if (seconds < 1 || seconds > 3600) {
        throw WorkerProtocol.violation("attachSeconds must be 1..3600");
      }
      attachWait = Optional.of(Duration.ofSeconds(seconds));
    }
    entry.algorithm().check(params, owners, columns);
    return new Job(
        taskId,
        entry,
        params,
        List.copyOf(owners),
        List.copyOf(columns),
        WorkerProtocol.hex(h, "resultKey", 32),
        WorkerProtocol.hex(h, "nodeKey", 32),
        new Nonce(Bytes.of(WorkerProtocol.hex(h, "nonce", Nonce.LENGTH))),
        JobCrypto.jobHash(frame.header()),
        List.copyOf(ownerKeys),
        attachWait);
  }

  private static int index(Json.Obj h, int n) throws EnclaveException {
    long i = WorkerProtocol.number(h, "index");
    if (i < 0 || i >= n) {
      throw WorkerProtocol.violation("input index " + i + " out of range");
    }
    return (int) i;
  }

  /** Overwrites a buffer's current contents (its internal array) before dropping it. */
  private static void wipe(ByteArrayOutputStream b) {
    int size = b.size();
    b.reset();
    b.write(new byte[size], 0, size);
    b.reset();
  }
}
