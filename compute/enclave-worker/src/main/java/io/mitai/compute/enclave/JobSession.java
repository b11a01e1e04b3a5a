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
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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

  /**
   * @param host the address the worker listens on (the dealer role's party transport binds it too)
   */
  JobSession(
      AlgorithmCatalog catalog,
      WorkerPlatform platform,
      SecureRandom random,
      String host,
      Consumer<String> log) {
    this.catalog = catalog;
    this.platform = platform;
    this.random = random;
    this.host = host;
    this.log = log;
  }

  /** A job's parsed JOB header. */
  record Job(
      String taskId,
      AlgorithmCatalog.Entry algorithm,
      Json.Obj params,
      List<String> owners,
      List<List<String>> columns,
      byte[] resultKey,
      byte[] nodeKey,
      Nonce nonce,
      Bytes hash) {}

  void serve(DataInputStream in, DataOutputStream out) throws IOException {
    byte[] workerPrivate = null;
    List<byte[]> inputKeys = new ArrayList<>();
    List<ByteArrayOutputStream> plaintexts = new ArrayList<>();
    // Plaintext of every input received so far (decoded inputs stay in memory as rows).
    long received = 0;
    String task = "?";
    try {
      Frame first = WorkerProtocol.read(in);
      if (first.kind() == Kind.DEAL) {
        if (!catalog.dealer()) {
          throw new EnclaveException(
              EnclaveFailure.ALGORITHM_UNKNOWN, "this worker does not act as the dealer");
        }
        new DealerSession(platform, random, host, log).serve(first, in, out);
        return;
      }
      if (first.kind() != Kind.JOB) {
        throw WorkerProtocol.violation("expected JOB, got " + first.kind());
      }
      Job job = job(first);
      task = job.taskId();
      workerPrivate = JobCrypto.newPrivateKey(random);
      byte[] workerPublic = JobCrypto.publicKey(workerPrivate);
      Evidence evidence;
      try {
        evidence =
            platform
                .attester(job.algorithm().measurement())
                .attest(job.nonce(), JobCrypto.x25519PublicKey(workerPublic));
      } catch (AttestationException e) {
        throw new EnclaveException(EnclaveFailure.ATTESTATION_FAILED, e.getMessage(), e);
      }
      Map<String, Object> ev = new TreeMap<>();
      ev.put("format", evidence.format().name());
      ev.put("evidence", WorkerProtocol.b64(evidence.payload().toByteArray()));
      ev.put("workerKey", WorkerProtocol.hex(workerPublic));
      ev.put("measurement", job.algorithm().measurement().value().hex());
      WorkerProtocol.write(out, Kind.EVIDENCE, ev, new byte[0]);
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
              + ")");
      int n = job.owners().size();
      for (int i = 0; i < n; i++) {
        inputKeys.add(null);
        plaintexts.add(null);
      }
      long[] nextSegment = new long[n];
      boolean[] complete = new boolean[n];
      List<InputTable> tables = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        tables.add(null);
      }
      while (true) {
        Frame f = WorkerProtocol.read(in);
        Json.Obj h = f.json();
        switch (f.kind()) {
          case KEY -> {
            int i = index(h, n);
            if (inputKeys.get(i) != null) {
              throw WorkerProtocol.violation("input " + i + " has a key already");
            }
            inputKeys.set(
                i,
                JobCrypto.unwrapKey(
                    WorkerProtocol.base64(h, "enc"),
                    WorkerProtocol.base64(h, "wrappedKey"),
                    workerPrivate,
                    job.hash(),
                    i));
            plaintexts.set(i, new ByteArrayOutputStream());
          }
          case DATA -> {
            int i = index(h, n);
            if (inputKeys.get(i) == null || complete[i]) {
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
            byte[] plain =
                JobCrypto.openSegment(inputKeys.get(i), job.hash(), i, segment, last, f.body());
            ByteArrayOutputStream buf = plaintexts.get(i);
            if ((long) buf.size() + plain.length > InputRows.MAX_BYTES) {
              throw new EnclaveException(
                  EnclaveFailure.LIMIT_EXCEEDED, "input " + i + " exceeds the worker's limit");
            }
            received += plain.length;
            if (received > InputRows.heldLimit()) {
              throw new EnclaveException(
                  EnclaveFailure.LIMIT_EXCEEDED,
                  "the inputs exceed what this worker's memory holds once decoded ("
                      + InputRows.heldLimit()
                      + " bytes of plaintext in all; start it with a larger heap)");
            }
            buf.write(plain, 0, plain.length);
            Arrays.fill(plain, (byte) 0);
            if (last) {
              complete[i] = true;
              byte[] all = buf.toByteArray();
              List<List<String>> rows =
                  InputRows.decode(all, all.length, job.columns().get(i).size());
              Arrays.fill(all, (byte) 0);
              wipe(buf);
              tables.set(
                  i, new InputTable(job.owners().get(i), new Table(job.columns().get(i), rows)));
              Map<String, Object> ok = new TreeMap<>();
              ok.put("index", (long) i);
              ok.put("rows", (long) rows.size());
              WorkerProtocol.write(out, Kind.INPUT_OK, ok, new byte[0]);
              log.accept("task " + task + ": input " + i + " of " + n + " received");
            }
          }
          case RUN -> {
            for (int i = 0; i < n; i++) {
              if (!complete[i]) {
                throw WorkerProtocol.violation("RUN before input " + i + " arrived");
              }
            }
            log.accept("task " + task + ": running " + job.algorithm().algorithm().name());
            SortedMap<String, Object> result =
                job.algorithm().algorithm().run(job.params(), tables);
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
                    workerPrivate,
                    job.nodeKey(),
                    job.hash(),
                    sealed.resultHash(),
                    sealed.enc(),
                    sealed.ciphertext());
            Map<String, Object> r = new TreeMap<>();
            r.put("enc", WorkerProtocol.b64(sealed.enc()));
            r.put("resultHash", WorkerProtocol.hex(sealed.resultHash()));
            r.put("mac", WorkerProtocol.b64(mac));
            WorkerProtocol.write(out, Kind.RESULT, r, sealed.ciphertext());
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
    } catch (EnclaveException e) {
      log.accept("task " + task + ": failed " + e.describe());
      Map<String, Object> err = new TreeMap<>();
      err.put("code", e.failure().name());
      err.put("number", (long) e.failure().code());
      err.put("message", e.getMessage());
      try {
        WorkerProtocol.write(out, Kind.ERROR, err, new byte[0]);
      } catch (IOException ignored) {
        // The node is gone; nothing to tell it.
      }
    } finally {
      // Best effort in a JVM: the arrays we own are zeroed; Strings of decrypted cells and copies
      // the GC or a library made cannot be wiped and die with the job's objects (and the process).
      if (workerPrivate != null) {
        Arrays.fill(workerPrivate, (byte) 0);
      }
      for (byte[] k : inputKeys) {
        if (k != null) {
          Arrays.fill(k, (byte) 0);
        }
      }
      for (ByteArrayOutputStream b : plaintexts) {
        if (b != null) {
          wipe(b);
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
    List<Json.Node> inputs = WorkerProtocol.list(h, "inputs");
    if (inputs.isEmpty()) {
      throw WorkerProtocol.violation("a job needs at least one input");
    }
    for (int i = 0; i < inputs.size(); i++) {
      if (!(inputs.get(i) instanceof Json.Obj in) || WorkerProtocol.number(in, "index") != i) {
        throw WorkerProtocol.violation("inputs must be objects listed in index order");
      }
      owners.add(WorkerProtocol.text(in, "owner"));
      List<String> cs = new ArrayList<>();
      for (Json.Node c : WorkerProtocol.list(in, "columns")) {
        if (!(c instanceof Json.Str s)) {
          throw WorkerProtocol.violation("column names are strings");
        }
        cs.add(s.value());
      }
      if (cs.isEmpty() || cs.stream().distinct().count() != cs.size()) {
        throw WorkerProtocol.violation("input " + i + " needs distinct columns");
      }
      columns.add(List.copyOf(cs));
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
        JobCrypto.jobHash(frame.header()));
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
